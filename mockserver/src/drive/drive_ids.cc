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

// Appends `count` characters of the alphabet's first `alphabet_size`, ten per mixed word.
template <std::uint64_t kAlphabetSize>
void AppendRandomChars(std::uint64_t seed, std::size_t count, std::string& out) {
  std::uint64_t state = seed;
  while (count > 0) {
    std::uint64_t word = NextMixed(state);
    for (int i = 0; i < 10 && count > 0; ++i, --count) {
      out.push_back(kIdAlphabet[word % kAlphabetSize]);
      word /= kAlphabetSize;
    }
  }
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

void AppendDriveFileId(std::uint64_t seed, std::string& out) {
  out.push_back('1');
  AppendRandomChars<64>(seed, 32, out);
}

std::string MakeDriveFileId(std::uint64_t seed) {
  std::string id;
  id.reserve(33);
  AppendDriveFileId(seed, id);
  return id;
}

std::string RootFolderId(std::string const& user_email) {
  // Base62 only: root ids carry no '-' or '_'.
  std::string id = "0A";
  AppendRandomChars<62>(Fnv1a64(user_email), 11, id);
  return id + "Uk9PVA";
}

std::string PermissionIdFor(std::string const& email) {
  std::string digits = std::to_string(Fnv1a64(email, 0x84222325cbf29ce4ULL));
  return std::string(20 - std::min<std::size_t>(20, digits.size()), '0') + digits;
}

}  // namespace gauthflow::mockserver::internal
