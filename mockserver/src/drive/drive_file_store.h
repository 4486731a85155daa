#ifndef GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_FILE_STORE_H_
#define GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_FILE_STORE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "drive/drive_file.h"
#include "drive/drive_hash_index.h"
#include "drive/drive_interned_strings.h"

namespace gauthflow::mockserver {

class DriveFileStore;

// A user as a file's owners list holds them: views into the store.
struct DriveUserView {
  std::string_view email_address;
  std::string_view display_name;
};

using DrivePropertyView = std::pair<std::string_view, std::string_view>;

// One of a stored file's lists (parents, writers, readers: strings; owners: users;
// properties: key/value pairs in key order), read in place.
template <typename Element>
class DriveFileList {
 public:
  // Numbers per element: one interned string, or two (e-mail and name; key and value).
  static constexpr std::size_t kWidth = std::is_same_v<Element, std::string_view> ? 1 : 2;

  class Iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = Element;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = Element;

    Iterator(DriveFileList const* list, std::size_t at) : list_(list), at_(at) {}
    Element operator*() const { return (*list_)[at_]; }
    Iterator& operator++() {
      ++at_;
      return *this;
    }
    Iterator operator++(int) {
      Iterator const before = *this;
      ++at_;
      return before;
    }
    bool operator==(Iterator const& other) const { return at_ == other.at_; }
    bool operator!=(Iterator const& other) const { return at_ != other.at_; }

   private:
    DriveFileList const* list_;
    std::size_t at_;
  };

  using value_type = Element;
  using const_iterator = Iterator;
  using iterator = Iterator;
  using size_type = std::size_t;

  DriveFileList(internal::InternedStrings const& strings, std::uint32_t const* items, std::size_t size)
      : strings_(&strings), items_(items), size_(size) {}

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  Element operator[](std::size_t i) const {
    if constexpr (kWidth == 1) {
      return (*strings_)[items_[i]];
    } else {
      return Element{(*strings_)[items_[2 * i]], (*strings_)[items_[2 * i + 1]]};
    }
  }
  Element front() const { return (*this)[0]; }
  Iterator begin() const { return Iterator(this, 0); }
  Iterator end() const { return Iterator(this, size_); }

 private:
  internal::InternedStrings const* strings_;
  std::uint32_t const* items_;
  std::size_t size_;
};

using DriveStringList = DriveFileList<std::string_view>;
using DriveUserList = DriveFileList<DriveUserView>;
using DrivePropertyList = DriveFileList<DrivePropertyView>;

// Read access to one file of a DriveFileStore, with the fields of DriveFile (see there for what
// each means). Cheap to copy; valid while the store lives and is not changed.
class DriveFileView {
 public:
  DriveFileView(DriveFileStore const& store, std::uint32_t index) : store_(&store), index_(index) {}

  std::uint32_t index() const { return index_; }
  std::string_view id() const;
  std::string_view name() const;
  std::string_view mime_type() const;
  std::string_view description() const;
  std::string_view content() const;
  std::string_view space() const;
  std::string_view visibility() const;
  DriveTime created_time() const;
  DriveTime modified_time() const;
  std::optional<DriveTime> modified_by_me_time() const;
  std::optional<DriveTime> viewed_by_me_time() const;
  std::optional<DriveTime> shared_with_me_time() const;
  bool starred() const;
  bool trashed() const;
  bool is_app_authorized() const;
  std::optional<std::int64_t> size() const;
  std::int64_t quota_bytes_used() const;
  DriveStringList parents() const;
  DriveUserList owners() const;
  DriveStringList writers() const;
  DriveStringList readers() const;
  DrivePropertyList properties() const;
  DrivePropertyList app_properties() const;

 private:
  DriveFileStore const* store_;
  std::uint32_t index_;
};

// A file for DriveFileStore::Put whose repeated values are already numbers from
// DriveFileStore::Intern: what a generator of a million files passes instead of a DriveFile, so
// that each value it repeats is hashed and compared once, not once per file. The fields mean
// what DriveFile's do; the views and spans need only live for the call.
struct DriveFileFields {
  std::string_view id;
  std::string_view name;
  std::string_view content;
  std::uint32_t mime_type = 0;  // interned, as are the next three (0 is "")
  std::uint32_t description = 0;
  std::uint32_t space = 0;
  std::uint32_t visibility = 0;
  DriveTime created_time{};
  DriveTime modified_time{};
  std::optional<DriveTime> modified_by_me_time;
  std::optional<DriveTime> viewed_by_me_time;
  std::optional<DriveTime> shared_with_me_time;
  bool starred = false;
  bool trashed = false;
  bool is_app_authorized = false;
  std::optional<std::int64_t> size;
  std::int64_t quota_bytes_used = 0;
  // Interned numbers: one per parent, writer and reader; two per owner (e-mail address, display
  // name) and per property (key, value), properties in key order as DriveFile's map has them.
  std::span<std::uint32_t const> parents;
  std::span<std::uint32_t const> owners;
  std::span<std::uint32_t const> writers;
  std::span<std::uint32_t const> readers;
  std::span<std::uint32_t const> properties;
  std::span<std::uint32_t const> app_properties;
};

// The files of one corpus, packed: a fixed-size record per file (times as milliseconds,
// absent values as sentinels, flags as bits), the id, name and content in one shared text
// buffer (content rarely repeats, and interning it would cost a cache miss per file), every
// value that repeats across files (mime types, owners, parents, writers, readers, properties,
// spaces) interned once, and each file's lists as runs of interned numbers in one shared
// array. No per-file heap allocation: a generated file costs about 250 bytes where a DriveFile
// with its strings, vectors and maps cost about 1.5 KB.
//
// Files are numbered in the order they were first added. Copyable (a copy is a few memcpys),
// which is how a corpus gets a changed successor.
class DriveFileStore {
 public:
  // Makes room for `count` more files (each about `text_bytes` of id, name and content).
  void Reserve(std::size_t count, std::size_t text_bytes = 96);

  // Appends `file` as the next number, even if its id is already present.
  void Add(DriveFile const& file);
  // Adds `file`, or replaces in place the file with the same id (keeping its number).
  void Put(DriveFile const& file);
  void Put(DriveFileFields const& file);

  // A hint that Put of a file with `id` comes soon: starts loading the part of the id index that
  // Put probes, so that a generator makes the next file while the cache miss is served.
  void PrefetchPut(std::string_view id) const { by_id_.Prefetch(internal::HashKey(id)); }

  // The number of `value` for DriveFileFields, the same for every file of this store.
  std::uint32_t Intern(std::string_view value) { return strings_.Intern(value); }

  std::size_t size() const { return records_.size(); }
  DriveFileView operator[](std::uint32_t index) const { return DriveFileView(*this, index); }
  // The number of the file with `id` (the first added, if Add made duplicates).
  std::optional<std::uint32_t> Find(std::string_view id) const;

 private:
  friend class DriveFileView;

  enum ListKind : std::size_t { kParents, kOwners, kWriters, kReaders, kProperties, kAppProperties, kListKinds };
  enum TimeKind : std::size_t { kCreated, kModified, kModifiedByMe, kViewedByMe, kSharedWithMe, kTimeKinds };
  enum Flag : std::uint8_t { kStarred = 1, kTrashed = 2, kAppAuthorized = 4 };
  // Strings take one number in list_items_; users and properties two.
  static constexpr std::size_t NumbersPerElement(ListKind kind) {
    return kind == kParents || kind == kWriters || kind == kReaders ? 1 : 2;
  }
  static constexpr std::int64_t kNoTime = std::numeric_limits<std::int64_t>::min();
  static constexpr std::int64_t kNoSize = -1;

  struct Record {
    std::uint64_t text = 0;   // the id, the name, then the content, in text_
    std::uint64_t lists = 0;  // the lists back to back, in list_items_
    std::array<std::int64_t, kTimeKinds> times{};  // milliseconds since the epoch, or kNoTime
    std::int64_t size = kNoSize;
    std::int64_t quota_bytes_used = 0;
    std::uint32_t id_size = 0;
    std::uint32_t name_size = 0;
    std::uint32_t content_size = 0;
    std::array<std::uint32_t, kListKinds> list_sizes{};  // elements, not numbers
    std::uint32_t mime_type = 0;  // interned, as are the next three
    std::uint32_t description = 0;
    std::uint32_t space = 0;
    std::uint32_t visibility = 0;
    std::uint8_t flags = 0;
  };

  template <typename File>
  void PutFile(File const& file);
  template <typename File>
  void Add(File const& file, std::uint64_t id_hash);
  std::optional<std::uint32_t> Find(std::string_view id, std::uint64_t id_hash) const;
  Record Pack(DriveFileFields const& file);
  Record Pack(DriveFile const& file);
  std::uint64_t HashOf(std::uint32_t index) const;
  std::string_view Id(Record const& record) const {
    return std::string_view(text_).substr(record.text, record.id_size);
  }
  std::uint32_t const* ListItems(Record const& record, ListKind kind) const;
  template <typename List>
  List MakeList(std::uint32_t index, ListKind kind) const {
    Record const& record = records_[index];
    return List(strings_, ListItems(record, kind), record.list_sizes[kind]);
  }

  std::vector<Record> records_;
  std::string text_;
  std::vector<std::uint32_t> list_items_;
  internal::InternedStrings strings_;
  internal::DriveHashIndex by_id_;
};

// The stored file as a DriveFile again (for tests and for callers that want values).
DriveFile ToDriveFile(DriveFileView const& file);

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_FILE_STORE_H_
