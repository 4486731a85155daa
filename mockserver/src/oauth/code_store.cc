#include "oauth/code_store.h"

#include <array>
#include <cstdint>
#include <sstream>
#include <vector>

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/DigestEngine.h>
#include <Poco/HMACEngine.h>
#include <Poco/SHA2Engine.h>

#include "oauth/digest.h"
#include "oauth/random_tokens.h"

namespace gauthflow::mockserver {
namespace {

// A code is "4/0A" (Google's prefix) + base64url of 48 bytes: the issue time (8 bytes, big
// endian, seconds since the epoch on the server clock), 24 random bytes, and the first 16
// bytes of HMAC-SHA-256 over the two under the store's key. 64 URL-safe characters, so the code
// keeps the shape LooksLikeAuthorizationCode and clients expect, and the server can tell a code
// it issued (and when) without holding it.
constexpr char kCodePrefix[] = "4/0A";
constexpr std::size_t kTimeBytes = 8;
constexpr std::size_t kRandomBytes = 24;
constexpr std::size_t kMacBytes = 16;
constexpr std::size_t kPayloadBytes = kTimeBytes + kRandomBytes + kMacBytes;
constexpr std::size_t kEncodedChars = kPayloadBytes / 3 * 4;  // 48 bytes: no padding needed
constexpr std::size_t kKeyBytes = 32;

// Poco 1.11's SHA2Engine lacks the BLOCK_SIZE/DIGEST_SIZE that HMACEngine reads; SHA-256's are
// 64 and 32 bytes (FIPS 180-4 §1).
class Sha256Engine : public Poco::SHA2Engine {
 public:
  enum { BLOCK_SIZE = 64, DIGEST_SIZE = 32 };
  Sha256Engine() : Poco::SHA2Engine(SHA_256) {}
};

Poco::DigestEngine::Digest Mac(std::string const& key, unsigned char const* data,
                               std::size_t size) {
  Poco::HMACEngine<Sha256Engine> hmac(key);
  hmac.update(data, size);
  Poco::DigestEngine::Digest digest = hmac.digest();
  digest.resize(kMacBytes);
  return digest;
}

std::string NewKey() {
  std::vector<unsigned char> bytes = RandomBytes(kKeyBytes);
  return {bytes.begin(), bytes.end()};
}

std::string MintCode(std::string const& key, TimePoint issued) {
  auto const seconds = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::seconds>(issued.time_since_epoch()).count());
  std::vector<unsigned char> payload;
  payload.reserve(kPayloadBytes);
  for (std::size_t i = 0; i < kTimeBytes; ++i) {
    payload.push_back(static_cast<unsigned char>(seconds >> (8 * (kTimeBytes - 1 - i))));
  }
  std::vector<unsigned char> const random = RandomBytes(kRandomBytes);
  payload.insert(payload.end(), random.begin(), random.end());
  Poco::DigestEngine::Digest const mac = Mac(key, payload.data(), payload.size());
  payload.insert(payload.end(), mac.begin(), mac.end());
  return kCodePrefix + Base64UrlNoPadding(payload);
}

// The issue time of a code minted under `key`; nullopt for anything else.
std::optional<TimePoint> VerifiedIssueTime(std::string const& key, std::string_view code) {
  std::string_view const prefix(kCodePrefix);
  if (code.size() != prefix.size() + kEncodedChars || code.substr(0, prefix.size()) != prefix ||
      !LooksLikeAuthorizationCode(code)) {
    return std::nullopt;
  }
  std::istringstream in{std::string(code.substr(prefix.size()))};
  Poco::Base64Decoder decoder(in, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
  std::array<unsigned char, kPayloadBytes> payload{};
  decoder.read(reinterpret_cast<char*>(payload.data()),
               static_cast<std::streamsize>(payload.size()));
  if (static_cast<std::size_t>(decoder.gcount()) != payload.size()) return std::nullopt;
  Poco::DigestEngine::Digest const expected = Mac(key, payload.data(), kTimeBytes + kRandomBytes);
  Poco::DigestEngine::Digest const sent(payload.begin() + kTimeBytes + kRandomBytes, payload.end());
  if (!Poco::DigestEngine::constantTimeEquals(expected, sent)) return std::nullopt;
  std::uint64_t seconds = 0;
  for (std::size_t i = 0; i < kTimeBytes; ++i) seconds = (seconds << 8) | payload[i];
  return TimePoint(std::chrono::seconds(static_cast<std::int64_t>(seconds)));
}

}  // namespace

CodeStore::CodeStore(ServerClock const& clock) : clock_(clock), key_(NewKey()) {}

std::string CodeStore::Key() const {
  std::lock_guard<std::mutex> lock(key_mu_);
  return key_;
}

std::string CodeStore::Issue(AuthRequest const& request, std::string const& user_email) {
  TimePoint const now = clock_.Now();
  std::string code = MintCode(Key(), now);
  CodeRecord record;
  record.authorization =
      std::make_shared<CodeAuthorization const>(CodeAuthorization{request, user_email});
  record.expiry = now + kCodeLifetime;
  codes_.Insert(code, std::move(record));
  if (sweep_.Tick()) {
    // Long-expired codes, and tombstones whose grant is revoked (see the class comment).
    auto const cutoff = now - SweepSchedule::kGrace;
    codes_.EraseIf([&](auto const&, CodeRecord const& held) {
      return held.expiry < cutoff ||
             (held.grant && held.grant->revoked.load(std::memory_order_acquire));
    });
  }
  return code;
}

std::optional<CodeRecord> CodeStore::Find(std::string const& code) const { return codes_.Find(code); }

std::optional<TimePoint> CodeStore::IssuedExpiry(std::string_view code) const {
  auto issued = VerifiedIssueTime(Key(), code);
  if (!issued) return std::nullopt;
  return *issued + kCodeLifetime;
}

bool CodeStore::Claim(std::string const& code) {
  return codes_.With(code, [&](CodeRecord* record) {
    if (record == nullptr || record->used()) return false;
    record->authorization.reset();
    return true;
  });
}

void CodeStore::AttachGrant(std::string const& code, std::shared_ptr<Grant> const& grant) {
  codes_.With(code, [&](CodeRecord* record) {
    if (record != nullptr) record->grant = grant;
    return true;
  });
}

void CodeStore::Clear() {
  {
    std::lock_guard<std::mutex> lock(key_mu_);
    key_ = NewKey();
  }
  codes_.Clear();
}

}  // namespace gauthflow::mockserver
