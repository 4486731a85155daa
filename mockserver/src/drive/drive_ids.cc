#include "drive/drive_ids.h"

#include <algorithm>
#include <string>

namespace gauthflow::mockserver::internal {
namespace {

constexpr char kIdAlphabet[] =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

// splitmix64: spreads one 64-bit seed over as many well-mixed words as an id needs.
std::uint64_t NextMixed(std::uint64_t& state) {
  state += 0x9e3779b97f4a7c15ULL;
  std::uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::string RandomChars(std::uint64_t seed, std::size_t count, std::size_t alphabet_size) {
  std::string out;
  out.reserve(count);
  std::uint64_t state = seed;
  while (out.size() < count) {
    std::uint64_t word = NextMixed(state);
    for (int i = 0; i < 10 && out.size() < count; ++i) {
      out.push_back(kIdAlphabet[word % alphabet_size]);
      word /= alphabet_size;
    }
  }
  return out;
}

}  // namespace

std::uint64_t Fnv1a64(std::string_view data, std::uint64_t seed) {
  std::uint64_t hash = seed;
  for (unsigned char c : data) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::string MakeDriveFileId(std::uint64_t seed) { return "1" + RandomChars(seed, 32, 64); }

std::string RootFolderId(std::string const& user_email) {
  // Base62 only: root ids carry no '-' or '_'.
  return "0A" + RandomChars(Fnv1a64(user_email), 11, 62) + "Uk9PVA";
}

std::string PermissionIdFor(std::string const& email) {
  std::string digits = std::to_string(Fnv1a64(email, 0x84222325cbf29ce4ULL));
  return std::string(20 - std::min<std::size_t>(20, digits.size()), '0') + digits;
}

}  // namespace gauthflow::mockserver::internal
