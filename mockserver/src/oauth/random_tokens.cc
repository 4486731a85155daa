#include "oauth/random_tokens.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <vector>

#include <openssl/rand.h>
#include <pthread.h>

namespace gauthflow::mockserver {
namespace {

constexpr char kBase64Url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
// RFC 8628 §6.1 suggests a user code alphabet without vowels and ambiguous characters.
constexpr char kUserCodeAlphabet[] = "BCDFGHJKLMNPQRSTVWXZ";

void DrawFromOpenSsl(unsigned char* out, std::size_t count) {
  if (RAND_bytes(out, static_cast<int>(count)) != 1) {
    throw std::runtime_error("OpenSSL RAND_bytes failed");
  }
}

// OpenSSL 3 asks getpid() on every RAND_bytes call (its fork check): a system call per token on
// the token endpoint, where the rest of a request costs one read and one write. So each thread
// draws a block at a time and hands it out in pieces; the bytes are OpenSSL's all the same.
//
// A forked child must not hand out what its parent still holds: fork bumps the generation, and a
// block from an older generation is thrown away.
std::atomic<std::uint64_t> fork_generation{0};

void CountFork() { fork_generation.fetch_add(1, std::memory_order_relaxed); }

class ThreadRandomPool {
 public:
  static constexpr std::size_t kBlockBytes = 4096;

  void Fill(unsigned char* out, std::size_t count) {
    static std::once_flag registered;
    std::call_once(registered, [] { pthread_atfork(nullptr, nullptr, CountFork); });
    std::uint64_t const generation = fork_generation.load(std::memory_order_relaxed);
    if (generation != generation_) {
      generation_ = generation;
      used_ = kBlockBytes;
    }
    while (count > 0) {
      if (used_ == kBlockBytes) {
        DrawFromOpenSsl(block_.data(), kBlockBytes);
        used_ = 0;
      }
      std::size_t const take = std::min(count, kBlockBytes - used_);
      std::memcpy(out, block_.data() + used_, take);
      // Handed out once: the used part is wiped so that it does not linger in memory.
      std::memset(block_.data() + used_, 0, take);
      used_ += take;
      out += take;
      count -= take;
    }
  }

 private:
  std::array<unsigned char, kBlockBytes> block_{};
  std::size_t used_ = kBlockBytes;
  std::uint64_t generation_ = 0;
};

void FillRandom(unsigned char* out, std::size_t count) {
  thread_local ThreadRandomPool pool;
  pool.Fill(out, count);
}

}  // namespace

std::vector<unsigned char> RandomBytes(std::size_t count) {
  std::vector<unsigned char> bytes(count);
  FillRandom(bytes.data(), count);
  return bytes;
}

namespace {

// `prefix` followed by `bytes` random base64url characters, built in place.
std::string PrefixedRandom(std::string_view prefix, std::size_t bytes) {
  std::string out(prefix.size() + bytes, '\0');
  std::memcpy(out.data(), prefix.data(), prefix.size());
  char* random = out.data() + prefix.size();
  FillRandom(reinterpret_cast<unsigned char*>(random), bytes);
  // Each byte picks one of 64 characters: 6 bits of entropy per character.
  for (std::size_t i = 0; i < bytes; ++i) {
    random[i] = kBase64Url[static_cast<unsigned char>(random[i]) & 63];
  }
  return out;
}

}  // namespace

std::string RandomBase64Url(std::size_t bytes) { return PrefixedRandom("", bytes); }

std::string NewAccessToken() { return PrefixedRandom("ya29.a0", 150); }
std::string NewRefreshToken() { return PrefixedRandom("1//0", 99); }
std::string NewDeviceCode() { return PrefixedRandom("AH-1Ng", 60); }
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
