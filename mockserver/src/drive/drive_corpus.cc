#include "drive/drive_corpus.h"

#include <algorithm>
#include <cctype>
#include <numeric>

#include "drive/drive_ids.h"

namespace gauthflow::mockserver {
namespace {

constexpr std::size_t kMaxCachedIndexes = 32;

// `email` is `lower` (which is lower-case) in any case. The exact match, by far the most common,
// goes first: a million-file corpus otherwise lower-cases a million addresses at start.
bool SameEmail(std::string_view email, std::string const& lower) {
  if (email == lower) return true;
  return email.size() == lower.size() &&
         std::equal(email.begin(), email.end(), lower.begin(),
                    [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
}

}  // namespace

DriveCorpus::DriveCorpus(std::string user_email, DriveFileStore files, std::uint64_t version)
    : user_email_(std::move(user_email)),
      root_folder_id_(internal::RootFolderId(user_email_)),
      files_(std::move(files)),
      version_(version) {
  for (std::uint32_t i = 0; i < files_.size(); ++i) {
    DriveFileView const file = files_[i];
    DriveUserList const owners = file.owners();
    bool const owned = std::any_of(owners.begin(), owners.end(), [&](DriveUserView const& owner) {
      return SameEmail(owner.email_address, user_email_);
    });
    if (!owned) continue;
    (file.trashed() ? usage_in_trash_ : usage_in_drive_) += file.quota_bytes_used();
  }
}

std::optional<DriveFileView> DriveCorpus::Find(std::string_view id) const {
  std::optional<std::uint32_t> const index = files_.Find(id);
  if (!index) return std::nullopt;
  return files_[*index];
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
                                                      std::string_view id) const {
  std::optional<DriveFileView> const file = Find(id);
  if (!file) return std::nullopt;
  auto const it = std::lower_bound(index.begin(), index.end(), *file, [&](std::uint32_t a, DriveFileView const& f) {
    return CompareDriveFiles(order, files_[a], f) < 0;
  });
  return static_cast<std::size_t>(it - index.begin()) + 1;
}

}  // namespace gauthflow::mockserver
