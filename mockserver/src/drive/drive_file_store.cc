#include "drive/drive_file_store.h"

#include <array>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "drive/drive_huge_pages.h"


namespace gauthflow::mockserver {
namespace {

std::int64_t Milliseconds(DriveTime time) { return time.time_since_epoch().count(); }

DriveTime FromMilliseconds(std::int64_t ms) { return DriveTime(std::chrono::milliseconds(ms)); }

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
    using internal::AdviseHugePages;
    AdviseHugePages(records_.data(), records_.capacity() * sizeof(Record));
    AdviseHugePages(text_.data(), text_.capacity());
    AdviseHugePages(list_items_.data(), list_items_.capacity() * sizeof(std::uint32_t));
  }
}

DriveFileStore::Record DriveFileStore::Pack(DriveFileFields const& file) {
  Record record;
  record.text = text_.size();
  record.id_size = static_cast<std::uint32_t>(file.id.size());
  record.name_size = static_cast<std::uint32_t>(file.name.size());
  record.content_size = static_cast<std::uint32_t>(file.content.size());
  text_.append(file.id).append(file.name).append(file.content);
  record.lists = list_items_.size();
  auto const list = [&](ListKind kind, std::span<std::uint32_t const> items) {
    record.list_sizes[kind] = static_cast<std::uint32_t>(items.size() / NumbersPerElement(kind));
    list_items_.insert(list_items_.end(), items.begin(), items.end());
  };
  list(kParents, file.parents);
  list(kOwners, file.owners);
  list(kWriters, file.writers);
  list(kReaders, file.readers);
  list(kProperties, file.properties);
  list(kAppProperties, file.app_properties);
  auto const optional_time = [](std::optional<DriveTime> const& time) {
    return time ? Milliseconds(*time) : kNoTime;
  };
  record.times = {Milliseconds(file.created_time), Milliseconds(file.modified_time),
                  optional_time(file.modified_by_me_time), optional_time(file.viewed_by_me_time),
                  optional_time(file.shared_with_me_time)};
  record.size = file.size.value_or(kNoSize);
  record.quota_bytes_used = file.quota_bytes_used;
  record.mime_type = file.mime_type;
  record.description = file.description;
  record.space = file.space;
  record.visibility = file.visibility;
  record.flags = static_cast<std::uint8_t>((file.starred ? kStarred : 0) | (file.trashed ? kTrashed : 0) |
                                           (file.is_app_authorized ? kAppAuthorized : 0));
  return record;
}

DriveFileStore::Record DriveFileStore::Pack(DriveFile const& file) {
  // The lists' interned numbers back to back, in list order; the spans below point into it.
  std::vector<std::uint32_t> items;
  std::array<std::size_t, kListKinds + 1> starts{};
  auto const strings = [&](ListKind kind, std::vector<std::string> const& values) {
    starts[kind] = items.size();
    for (std::string const& value : values) items.push_back(Intern(value));
  };
  auto const pairs = [&](ListKind kind, std::map<std::string, std::string> const& values) {
    starts[kind] = items.size();
    for (auto const& [key, value] : values) {
      items.push_back(Intern(key));
      items.push_back(Intern(value));
    }
  };
  strings(kParents, file.parents);
  starts[kOwners] = items.size();
  for (DriveUser const& owner : file.owners) {
    items.push_back(Intern(owner.email_address));
    items.push_back(Intern(owner.display_name));
  }
  strings(kWriters, file.writers);
  strings(kReaders, file.readers);
  pairs(kProperties, file.properties);
  pairs(kAppProperties, file.app_properties);
  starts[kListKinds] = items.size();
  auto const span = [&](ListKind kind) {
    return std::span<std::uint32_t const>(items).subspan(starts[kind], starts[kind + 1] - starts[kind]);
  };
  DriveFileFields fields;
  fields.id = file.id;
  fields.name = file.name;
  fields.content = file.content;
  fields.mime_type = Intern(file.mime_type);
  fields.description = Intern(file.description);
  fields.space = Intern(file.space);
  fields.visibility = Intern(file.visibility);
  fields.created_time = file.created_time;
  fields.modified_time = file.modified_time;
  fields.modified_by_me_time = file.modified_by_me_time;
  fields.viewed_by_me_time = file.viewed_by_me_time;
  fields.shared_with_me_time = file.shared_with_me_time;
  fields.starred = file.starred;
  fields.trashed = file.trashed;
  fields.is_app_authorized = file.is_app_authorized;
  fields.size = file.size;
  fields.quota_bytes_used = file.quota_bytes_used;
  fields.parents = span(kParents);
  fields.owners = span(kOwners);
  fields.writers = span(kWriters);
  fields.readers = span(kReaders);
  fields.properties = span(kProperties);
  fields.app_properties = span(kAppProperties);
  return Pack(fields);
}

void DriveFileStore::Add(DriveFile const& file) { Add(file, internal::HashKey(file.id)); }

template <typename File>
void DriveFileStore::Add(File const& file, std::uint64_t id_hash) {
  auto const index = static_cast<std::uint32_t>(records_.size());
  records_.push_back(Pack(file));
  by_id_.Insert(id_hash, index, [this](std::uint32_t other) { return HashOf(other); });
}

template <typename File>
void DriveFileStore::PutFile(File const& file) {
  std::uint64_t const id_hash = internal::HashKey(file.id);
  if (std::optional<std::uint32_t> const existing = Find(file.id, id_hash)) {
    // The replaced file's text and lists stay behind unused: replacing is rare (seeding and
    // the admin API), and compacting would renumber nothing but cost a copy.
    records_[*existing] = Pack(file);
    return;
  }
  Add(file, id_hash);
}

void DriveFileStore::Put(DriveFile const& file) { PutFile(file); }

void DriveFileStore::Put(DriveFileFields const& file) { PutFile(file); }

std::optional<std::uint32_t> DriveFileStore::Find(std::string_view id) const { return Find(id, internal::HashKey(id)); }

std::optional<std::uint32_t> DriveFileStore::Find(std::string_view id, std::uint64_t id_hash) const {
  return by_id_.Find(id_hash, [&](std::uint32_t index) { return Id(records_[index]) == id; });
}

std::uint64_t DriveFileStore::HashOf(std::uint32_t index) const { return internal::HashKey(Id(records_[index])); }

std::uint32_t const* DriveFileStore::ListItems(Record const& record, ListKind kind) const {
  std::uint64_t offset = record.lists;
  for (std::size_t k = 0; k < kind; ++k) {
    offset += record.list_sizes[k] * NumbersPerElement(static_cast<ListKind>(k));
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

DriveFile ToDriveFile(DriveFileView const& file) {
  DriveFile out;
  out.id = file.id();
  out.name = file.name();
  out.mime_type = file.mime_type();
  out.description = file.description();
  out.created_time = file.created_time();
  out.modified_time = file.modified_time();
  out.modified_by_me_time = file.modified_by_me_time();
  out.viewed_by_me_time = file.viewed_by_me_time();
  out.shared_with_me_time = file.shared_with_me_time();
  out.starred = file.starred();
  out.trashed = file.trashed();
  for (std::string_view const parent : file.parents()) out.parents.emplace_back(parent);
  for (DriveUserView const owner : file.owners()) {
    out.owners.push_back(DriveUser{std::string(owner.email_address), std::string(owner.display_name)});
  }
  for (std::string_view const writer : file.writers()) out.writers.emplace_back(writer);
  for (std::string_view const reader : file.readers()) out.readers.emplace_back(reader);
  for (auto const& [key, value] : file.properties()) out.properties.emplace(key, value);
  for (auto const& [key, value] : file.app_properties()) out.app_properties.emplace(key, value);
  out.size = file.size();
  out.quota_bytes_used = file.quota_bytes_used();
  out.content = file.content();
  out.space = file.space();
  out.visibility = file.visibility();
  out.is_app_authorized = file.is_app_authorized();
  return out;
}

}  // namespace gauthflow::mockserver
