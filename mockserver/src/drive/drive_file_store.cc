#include "drive/drive_file_store.h"

#include <sys/mman.h>

#include <cstdint>


namespace gauthflow::mockserver {
namespace {

std::int64_t Milliseconds(DriveTime time) { return time.time_since_epoch().count(); }

DriveTime FromMilliseconds(std::int64_t ms) { return DriveTime(std::chrono::milliseconds(ms)); }

// Linux: asks for transparent huge pages on a large buffer not yet touched. Filling a
// million-file corpus otherwise takes ~60,000 page faults, which on a virtual machine were a
// sixth of the start time. Best effort: where madvise or THP are missing nothing changes.
void AdviseHugePages(void const* data, std::size_t bytes) {
#ifdef MADV_HUGEPAGE
  constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;
  auto const start = reinterpret_cast<std::uintptr_t>(data);
  std::uintptr_t const begin = (start + kHugePage - 1) & ~(kHugePage - 1);
  std::uintptr_t const end = (start + bytes) & ~(kHugePage - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
  (void)data;
  (void)bytes;
#endif
}

// Below this many files the advice is not worth a system call.
constexpr std::size_t kHugePageAdviceFiles = 50'000;

}  // namespace

void DriveFileStore::Reserve(std::size_t count, std::size_t text_bytes) {
  records_.reserve(records_.size() + count);
  text_.reserve(text_.size() + count * text_bytes);
  // One parent and one owner (two numbers) for most files, a writer or reader for some.
  list_items_.reserve(list_items_.size() + count * 4);
  by_id_.Reserve(records_.size() + count, [this](std::uint32_t index) { return HashOf(index); });
  if (count >= kHugePageAdviceFiles) {
    AdviseHugePages(records_.data(), records_.capacity() * sizeof(Record));
    AdviseHugePages(text_.data(), text_.capacity());
    AdviseHugePages(list_items_.data(), list_items_.capacity() * sizeof(std::uint32_t));
  }
}

DriveFileStore::Record DriveFileStore::Pack(DriveFile const& file) {
  Record record;
  record.text = text_.size();
  record.id_size = static_cast<std::uint32_t>(file.id.size());
  record.name_size = static_cast<std::uint32_t>(file.name.size());
  record.content_size = static_cast<std::uint32_t>(file.content.size());
  text_.append(file.id).append(file.name).append(file.content);
  record.lists = list_items_.size();
  auto const strings = [&](ListKind kind, std::vector<std::string> const& values) {
    record.list_sizes[kind] = static_cast<std::uint32_t>(values.size());
    for (std::string const& value : values) list_items_.push_back(strings_.Intern(value));
  };
  auto const pairs = [&](ListKind kind, std::map<std::string, std::string> const& values) {
    record.list_sizes[kind] = static_cast<std::uint32_t>(values.size());
    for (auto const& [key, value] : values) {
      list_items_.push_back(strings_.Intern(key));
      list_items_.push_back(strings_.Intern(value));
    }
  };
  strings(kParents, file.parents);
  record.list_sizes[kOwners] = static_cast<std::uint32_t>(file.owners.size());
  for (DriveUser const& owner : file.owners) {
    list_items_.push_back(strings_.Intern(owner.email_address));
    list_items_.push_back(strings_.Intern(owner.display_name));
  }
  strings(kWriters, file.writers);
  strings(kReaders, file.readers);
  pairs(kProperties, file.properties);
  pairs(kAppProperties, file.app_properties);
  auto const optional_time = [](std::optional<DriveTime> const& time) {
    return time ? Milliseconds(*time) : kNoTime;
  };
  record.times = {Milliseconds(file.created_time), Milliseconds(file.modified_time),
                  optional_time(file.modified_by_me_time), optional_time(file.viewed_by_me_time),
                  optional_time(file.shared_with_me_time)};
  record.size = file.size.value_or(kNoSize);
  record.quota_bytes_used = file.quota_bytes_used;
  record.mime_type = strings_.Intern(file.mime_type);
  record.description = strings_.Intern(file.description);
  record.space = strings_.Intern(file.space);
  record.visibility = strings_.Intern(file.visibility);
  record.flags = static_cast<std::uint8_t>((file.starred ? kStarred : 0) | (file.trashed ? kTrashed : 0) |
                                           (file.is_app_authorized ? kAppAuthorized : 0));
  return record;
}

void DriveFileStore::Add(DriveFile const& file) { Add(file, internal::HashKey(file.id)); }

void DriveFileStore::Add(DriveFile const& file, std::uint64_t id_hash) {
  auto const index = static_cast<std::uint32_t>(records_.size());
  records_.push_back(Pack(file));
  by_id_.Insert(id_hash, index, [this](std::uint32_t other) { return HashOf(other); });
}

void DriveFileStore::Put(DriveFile const& file) {
  std::uint64_t const id_hash = internal::HashKey(file.id);
  if (std::optional<std::uint32_t> const existing = Find(file.id, id_hash)) {
    // The replaced file's text and lists stay behind unused: replacing is rare (seeding and
    // the admin API), and compacting would renumber nothing but cost a copy.
    records_[*existing] = Pack(file);
    return;
  }
  Add(file, id_hash);
}

std::optional<std::uint32_t> DriveFileStore::Find(std::string_view id) const { return Find(id, internal::HashKey(id)); }

std::optional<std::uint32_t> DriveFileStore::Find(std::string_view id, std::uint64_t id_hash) const {
  return by_id_.Find(id_hash, [&](std::uint32_t index) { return Id(records_[index]) == id; });
}

std::uint64_t DriveFileStore::HashOf(std::uint32_t index) const { return internal::HashKey(Id(records_[index])); }

std::uint32_t const* DriveFileStore::ListItems(Record const& record, ListKind kind) const {
  std::uint64_t offset = record.lists;
  for (std::size_t k = 0; k < kind; ++k) {
    offset += record.list_sizes[k] * (k == kParents || k == kWriters || k == kReaders ? 1 : 2);
  }
  return list_items_.data() + offset;
}

std::string_view DriveFileView::id() const { return store_->Id(store_->records_[index_]); }

std::string_view DriveFileView::name() const {
  auto const& record = store_->records_[index_];
  return std::string_view(store_->text_).substr(record.text + record.id_size, record.name_size);
}

std::string_view DriveFileView::mime_type() const { return store_->strings_[store_->records_[index_].mime_type]; }
std::string_view DriveFileView::description() const { return store_->strings_[store_->records_[index_].description]; }
std::string_view DriveFileView::content() const {
  auto const& record = store_->records_[index_];
  return std::string_view(store_->text_).substr(record.text + record.id_size + record.name_size, record.content_size);
}
std::string_view DriveFileView::space() const { return store_->strings_[store_->records_[index_].space]; }
std::string_view DriveFileView::visibility() const { return store_->strings_[store_->records_[index_].visibility]; }

DriveTime DriveFileView::created_time() const {
  return FromMilliseconds(store_->records_[index_].times[DriveFileStore::kCreated]);
}

DriveTime DriveFileView::modified_time() const {
  return FromMilliseconds(store_->records_[index_].times[DriveFileStore::kModified]);
}

namespace {

std::optional<DriveTime> OptionalTime(std::int64_t ms, std::int64_t absent) {
  if (ms == absent) return std::nullopt;
  return FromMilliseconds(ms);
}

}  // namespace

std::optional<DriveTime> DriveFileView::modified_by_me_time() const {
  return OptionalTime(store_->records_[index_].times[DriveFileStore::kModifiedByMe], DriveFileStore::kNoTime);
}

std::optional<DriveTime> DriveFileView::viewed_by_me_time() const {
  return OptionalTime(store_->records_[index_].times[DriveFileStore::kViewedByMe], DriveFileStore::kNoTime);
}

std::optional<DriveTime> DriveFileView::shared_with_me_time() const {
  return OptionalTime(store_->records_[index_].times[DriveFileStore::kSharedWithMe], DriveFileStore::kNoTime);
}

bool DriveFileView::starred() const { return (store_->records_[index_].flags & DriveFileStore::kStarred) != 0; }
bool DriveFileView::trashed() const { return (store_->records_[index_].flags & DriveFileStore::kTrashed) != 0; }
bool DriveFileView::is_app_authorized() const {
  return (store_->records_[index_].flags & DriveFileStore::kAppAuthorized) != 0;
}

std::optional<std::int64_t> DriveFileView::size() const {
  std::int64_t const size = store_->records_[index_].size;
  if (size == DriveFileStore::kNoSize) return std::nullopt;
  return size;
}

std::int64_t DriveFileView::quota_bytes_used() const { return store_->records_[index_].quota_bytes_used; }

DriveStringList DriveFileView::parents() const {
  return store_->MakeList<DriveStringList>(index_, DriveFileStore::kParents);
}

DriveUserList DriveFileView::owners() const {
  return store_->MakeList<DriveUserList>(index_, DriveFileStore::kOwners);
}

DriveStringList DriveFileView::writers() const {
  return store_->MakeList<DriveStringList>(index_, DriveFileStore::kWriters);
}

DriveStringList DriveFileView::readers() const {
  return store_->MakeList<DriveStringList>(index_, DriveFileStore::kReaders);
}

DrivePropertyList DriveFileView::properties() const {
  return store_->MakeList<DrivePropertyList>(index_, DriveFileStore::kProperties);
}

DrivePropertyList DriveFileView::app_properties() const {
  return store_->MakeList<DrivePropertyList>(index_, DriveFileStore::kAppProperties);
}

}  // namespace gauthflow::mockserver
