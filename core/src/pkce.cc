#include "gauthflow/pkce.h"

#include <Poco/Base64Encoder.h>
#include <Poco/SHA2Engine.h>
#include <sys/random.h>

#include <cerrno>
#include <sstream>
#include <vector>

namespace gauthflow {
namespace {

// RFC 7636 Appendix A: base64url without padding.
std::string Base64Url(unsigned char const* data, std::size_t size) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
  encoder.rdbuf()->setLineLength(0);  // Poco breaks lines every 72 characters by default
  encoder.write(reinterpret_cast<char const*>(data), static_cast<std::streamsize>(size));
  encoder.close();
  return out.str();
}

Result<std::vector<unsigned char>> RandomBytes(std::size_t count) {
  // The kernel's CSPRNG, getrandom(2) (blocks only until it is seeded at boot). Not OpenSSL's
  // RAND_bytes: linking libcrypto for this alone loads and relocates it at every start of every
  // command (benchmarks/results/flow.md); not Poco::RandomInputStream, which falls back to a
  // weak generator when /dev/urandom cannot be read.
  std::vector<unsigned char> bytes(count);
  std::size_t filled = 0;
  while (filled < count) {
    auto const got = ::getrandom(bytes.data() + filled, count - filled, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      return MakeError(ErrorCode::kUnsupported,
                       "the system's random number generator (getrandom) failed");
    }
    filled += static_cast<std::size_t>(got);
  }
  return bytes;
}

bool IsUnreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '.' || c == '_' || c == '~';
}

}  // namespace

Result<std::string> GenerateCodeVerifier(std::size_t length) {
  if (length < kMinVerifierLength || length > kMaxVerifierLength) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "PKCE code_verifier length " + std::to_string(length) +
                         " is outside 43..128 (RFC 7636 §4.1)");
  }
  // RFC 7636 §4.1 recommends base64url of random octets: each character then carries 6
  // uniformly random bits, and the alphabet is a subset of the unreserved characters. Whole
  // 3-byte groups give whole 4-character groups, so no truncated character has fewer bits.
  auto const bytes = RandomBytes((length / 4 + 1) * 3);
  if (!bytes) return tl::unexpected(bytes.error());
  auto verifier = Base64Url(bytes->data(), bytes->size());
  verifier.resize(length);
  return verifier;
}

std::string S256Challenge(std::string_view verifier) {
  Poco::SHA2Engine sha256(Poco::SHA2Engine::SHA_256);
  sha256.update(verifier.data(), static_cast<unsigned>(verifier.size()));
  auto const& digest = sha256.digest();
  return Base64Url(digest.data(), digest.size());
}

Result<Pkce> GeneratePkce(std::size_t verifier_length) {
  auto verifier = GenerateCodeVerifier(verifier_length);
  if (!verifier) return tl::unexpected(verifier.error());
  return PkceFromVerifier(*std::move(verifier));
}

Result<Pkce> PkceFromVerifier(std::string verifier) {
  if (verifier.size() < kMinVerifierLength || verifier.size() > kMaxVerifierLength) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "PKCE code_verifier has " + std::to_string(verifier.size()) +
                         " characters; RFC 7636 §4.1 requires 43..128");
  }
  for (std::size_t i = 0; i < verifier.size(); ++i) {
    if (!IsUnreserved(verifier[i])) {
      // The position, never the verifier itself: it is a secret until the token exchange.
      return MakeError(ErrorCode::kInvalidArgument,
                       "PKCE code_verifier has a character outside [A-Za-z0-9-._~] at position " +
                           std::to_string(i) + " (RFC 7636 §4.1)");
    }
  }
  Pkce pkce;
  pkce.challenge = S256Challenge(verifier);
  pkce.verifier = std::move(verifier);
  pkce.method = "S256";
  return pkce;
}

Result<std::string> GenerateState() {
  auto const bytes = RandomBytes(32);
  if (!bytes) return tl::unexpected(bytes.error());
  return Base64Url(bytes->data(), bytes->size());
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  // Every byte is compared whatever the earlier ones were (hand-written in place of OpenSSL's
  // CRYPTO_memcmp, so that core does not load libcrypto); volatile keeps the compiler from
  // ending the loop early.
  volatile unsigned char difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    difference = difference | static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return difference == 0;
}

}  // namespace gauthflow
