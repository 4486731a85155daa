#include "drive/drive_corpus.h"

#include <algorithm>
#include <cctype>
#include <numeric>

#include "drive/drive_ids.h"

namespace gauthflow::mockserver {
namespace {

constexpr std::size_t kMaxCachedIndexes = 32;

}  // namespace

DriveCorpus::DriveCorpus(std::string user_email, std::vector<DriveFile> files, std::uint64_t version)
    : user_email_(std::move(user_email)),
      root_folder_id_(internal::RootFolderId(user_email_)),
      files_(std::move(files)),
      version_(version) {
  by_id_.reserve(files_.size());
  for (std::size_t i = 0; i < files_.size(); ++i) {
    DriveFile const& file = files_[i];
    by_id_[file.id] = static_cast<std::uint32_t>(i);
    bool const owned = std::any_of(file.owners.begin(), file.owners.end(), [&](DriveUser const& owner) {
      return owner.email_address.size() == user_email_.size() &&
             std::equal(owner.email_address.begin(), owner.email_address.end(), user_email_.begin(),
                        [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
    });
    if (!owned) continue;
    (file.trashed ? usage_in_trash_ : usage_in_drive_) += file.quota_bytes_used;
  }
}

DriveFile const* DriveCorpus::Find(std::string const& id) const {
  auto const it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &files_[it->second];
}

std::shared_ptr<DriveCorpus::Index const> DriveCorpus::SortedIndex(DriveOrder const& order) const {
  std::string const key = order.Canonical();
  std::lock_guard<std::mutex> lock(index_mutex_);
  auto const it = indexes_.find(key);
  if (it != indexes_.end()) return it->second;
  auto index = std::make_shared<Index>(files_.size());
  std::iota(index->begin(), index->end(), 0U);
  std::sort(index->begin(), index->end(), [&](std::uint32_t a, std::uint32_t b) {
    return CompareDriveFiles(order, files_[a], files_[b]) < 0;
  });
  // Every distinct multi-key orderBy would otherwise add an index for the snapshot's life.
  if (indexes_.size() < kMaxCachedIndexes) indexes_.emplace(key, index);
  return index;
}

std::optional<std::size_t> DriveCorpus::PositionAfter(Index const& index, DriveOrder const& order,
                                                      std::string const& id) const {
  DriveFile const* file = Find(id);
  if (file == nullptr) return std::nullopt;
  auto const it = std::lower_bound(index.begin(), index.end(), file, [&](std::uint32_t a, DriveFile const* f) {
    return CompareDriveFiles(order, files_[a], *f) < 0;
  });
  return static_cast<std::size_t>(it - index.begin()) + 1;
}

}  // namespace gauthflow::mockserver
