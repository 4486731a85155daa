#include "oauth/random_tokens.h"

#include <stdexcept>
#include <vector>

#include <openssl/rand.h>

namespace gauthflow::mockserver {
namespace {

constexpr char kBase64Url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
// RFC 8628 §6.1 suggests a user code alphabet without vowels and ambiguous characters.
constexpr char kUserCodeAlphabet[] = "BCDFGHJKLMNPQRSTVWXZ";

}  // namespace

std::vector<unsigned char> RandomBytes(std::size_t count) {
  std::vector<unsigned char> bytes(count);
  if (RAND_bytes(bytes.data(), static_cast<int>(count)) != 1) {
    throw std::runtime_error("OpenSSL RAND_bytes failed");
  }
  return bytes;
}

std::string RandomBase64Url(std::size_t bytes) {
  // Each byte picks one of 64 characters: 6 bits of entropy per character.
  std::string out;
  out.reserve(bytes);
  for (unsigned char byte : RandomBytes(bytes)) out.push_back(kBase64Url[byte & 63]);
  return out;
}

std::string NewAccessToken() { return "ya29.a0" + RandomBase64Url(150); }
std::string NewRefreshToken() { return "1//0" + RandomBase64Url(99); }
std::string NewDeviceCode() { return "AH-1Ng" + RandomBase64Url(60); }
std::string NewTransactionId() { return RandomBase64Url(43); }

std::string NewUserCode() {
  std::string out;
  std::size_t const n = sizeof(kUserCodeAlphabet) - 1;
  for (unsigned char byte : RandomBytes(8)) {
    if (out.size() == 4) out.push_back('-');
    out.push_back(kUserCodeAlphabet[byte % n]);
  }
  return out;
}

bool LooksLikeAuthorizationCode(std::string_view code) {
  if (code.size() < 10 || code.substr(0, 4) != "4/0A") return false;
  for (char c : code.substr(4)) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace gauthflow::mockserver
