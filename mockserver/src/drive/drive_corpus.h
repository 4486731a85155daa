#ifndef GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_CORPUS_H_
#define GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_CORPUS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drive/drive_file.h"
#include "drive/drive_file_store.h"
#include "drive/drive_order_by.h"

namespace gauthflow::mockserver {

// One user's files at one moment: an immutable snapshot. Changes make a new snapshot with a
// new version, so a request works on the snapshot it started with, without holding any lock
// while it filters and serialises, and cached indexes never need invalidating: they die with
// their snapshot.
class DriveCorpus {
 public:
  using Index = std::vector<std::uint32_t>;

  DriveCorpus(std::string user_email, DriveFileStore files, std::uint64_t version);

  std::uint64_t version() const { return version_; }
  std::string const& user_email() const { return user_email_; }
  std::string const& root_folder_id() const { return root_folder_id_; }
  DriveFileStore const& files() const { return files_; }
  std::int64_t usage_in_drive() const { return usage_in_drive_; }
  std::int64_t usage_in_trash() const { return usage_in_trash_; }

  std::optional<DriveFileView> Find(std::string_view id) const;

  // The files' positions sorted by `order` (ties by id). Built once per snapshot and order on
  // first use (O(n log n)), then shared by every request: a page is then a walk from an
  // offset that stops after pageSize + 1 matches instead of a sort of the whole corpus.
  std::shared_ptr<Index const> SortedIndex(DriveOrder const& order) const;

  // The position in `index` just after the file `id`, if this snapshot has it (found by
  // binary search, so a page token stays exact after files were added or removed).
  std::optional<std::size_t> PositionAfter(Index const& index, DriveOrder const& order,
                                           std::string_view id) const;

 private:
  std::string user_email_;
  std::string root_folder_id_;
  DriveFileStore files_;
  std::uint64_t version_ = 0;
  std::int64_t usage_in_drive_ = 0;
  std::int64_t usage_in_trash_ = 0;

  mutable std::mutex index_mutex_;
  mutable std::map<std::string, std::shared_ptr<Index const>> indexes_;
};

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_CORPUS_H_
