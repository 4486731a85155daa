#ifndef GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_HASH_INDEX_H_
#define GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_HASH_INDEX_H_

#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <string_view>
#include <vector>

#include "drive/drive_huge_pages.h"

namespace gauthflow::mockserver::internal {

// A fast hash of a key for DriveHashIndex, 8 bytes at a time (FNV-1a, one multiply per byte,
// made hashing the top cost of building a large corpus). Only for in-memory tables: it is
// not stable across versions, unlike Fnv1a64, which ids and page tokens use.
inline std::uint64_t HashKey(std::string_view key) {
  constexpr std::uint64_t kMultiplier = 0x9e3779b97f4a7c15ULL;
  std::uint64_t hash = key.size() * kMultiplier;
  std::size_t at = 0;
  for (; at + 8 <= key.size(); at += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, key.data() + at, 8);
    hash = (hash ^ word) * kMultiplier;
    hash ^= hash >> 29;
  }
  std::uint64_t tail = 0;
  if (at < key.size()) std::memcpy(&tail, key.data() + at, key.size() - at);
  hash = (hash ^ tail) * kMultiplier;
  return hash ^ (hash >> 32);
}

// A hash index over dense 32-bit entry numbers whose keys live elsewhere (in a DriveFileStore's
// text, in an InternedStrings arena): open addressing with linear probing, at most half the
// slots used, 8 bytes a slot (the entry and 32 bits of its hash, so a probe compares keys only
// when those bits match: building a million-file corpus is bound by memory latency, and each
// key compare is another cache miss). It holds no pointers, so the owner copies it as it is; a
// std::unordered_map<std::string_view, ...> would cost ~60 bytes an entry and views that dangle
// when the owner's arena grows or is copied.
class DriveHashIndex {
 public:
  // The entry for `hash` that `equals(entry)` accepts, if any.
  template <typename Equals>
  std::optional<std::uint32_t> Find(std::uint64_t hash, Equals&& equals) const {
    if (slots_.empty()) return std::nullopt;
    std::size_t const mask = slots_.size() - 1;
    std::uint64_t const spread = Spread(hash);
    std::uint64_t const tag = Tag(spread);
    for (std::size_t i = spread & mask;; i = (i + 1) & mask) {
      std::uint64_t const slot = slots_[i];
      if (slot == kEmpty) return std::nullopt;
      auto const entry = static_cast<std::uint32_t>(slot);
      if ((slot & kTagMask) == tag && equals(entry)) return entry;
    }
  }

  // A hint that Find or Insert for `hash` comes soon: starts loading the slot they probe first,
  // so that the cache miss (the cost of building a large index) overlaps the caller's work.
  void Prefetch(std::uint64_t hash) const {
#if defined(__GNUC__) || defined(__clang__)
    if (!slots_.empty()) __builtin_prefetch(&slots_[Spread(hash) & (slots_.size() - 1)]);
#else
    (void)hash;
#endif
  }

  // Adds `entry` (duplicates are allowed; Find returns one of them). `hash_of(entry)` gives the
  // hash of any entry already present, for when the table grows.
  template <typename HashOf>
  void Insert(std::uint64_t hash, std::uint32_t entry, HashOf&& hash_of) {
    if ((count_ + 1) * 2 > slots_.size()) Rebuild(slots_.empty() ? 16 : slots_.size() * 2, hash_of);
    Place(hash, entry);
    ++count_;
  }

  // Room for `count` entries without growing.
  template <typename HashOf>
  void Reserve(std::size_t count, HashOf&& hash_of) {
    std::size_t size = slots_.empty() ? 16 : slots_.size();
    while (count * 2 > size) size *= 2;
    if (size != slots_.size()) Rebuild(size, hash_of);
  }

 private:
  static constexpr std::uint64_t kEmpty = std::numeric_limits<std::uint64_t>::max();
  static constexpr std::uint64_t kTagMask = 0xffffffff00000000ULL;
  static constexpr std::size_t kHugePageSlots = std::size_t{1} << 19;  // 4 MB

  // The high half of the spread hash; the slot index comes from the low bits.
  static std::uint64_t Tag(std::uint64_t spread) { return spread & kTagMask; }

  // The splitmix64 finaliser: every bit of the key's hash reaches the low bits the mask keeps
  // and the high bits of the tag.
  static std::uint64_t Spread(std::uint64_t hash) {
    hash = (hash ^ (hash >> 30)) * 0xbf58476d1ce4e5b9ULL;
    hash = (hash ^ (hash >> 27)) * 0x94d049bb133111ebULL;
    return hash ^ (hash >> 31);
  }

  void Place(std::uint64_t hash, std::uint32_t entry) {
    std::size_t const mask = slots_.size() - 1;
    std::uint64_t const spread = Spread(hash);
    std::size_t i = spread & mask;
    while (slots_[i] != kEmpty) i = (i + 1) & mask;
    slots_[i] = Tag(spread) | entry;
  }

  template <typename HashOf>
  void Rebuild(std::size_t size, HashOf&& hash_of) {
    std::vector<std::uint64_t> old;
    old.reserve(size);
    // A million-file corpus probes 16 MB of slots at random: in 4 KB pages nearly every probe
    // would also miss the TLB.
    if (size >= kHugePageSlots) AdviseHugePages(old.data(), size * sizeof(std::uint64_t));
    old.assign(size, kEmpty);
    old.swap(slots_);
    for (std::uint64_t const slot : old) {
      if (slot != kEmpty) Place(hash_of(static_cast<std::uint32_t>(slot)), static_cast<std::uint32_t>(slot));
    }
  }

  std::vector<std::uint64_t> slots_;
  std::size_t count_ = 0;
};

}  // namespace gauthflow::mockserver::internal

#endif  // GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_HASH_INDEX_H_
