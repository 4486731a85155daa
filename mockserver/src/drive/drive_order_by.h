#ifndef GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_ORDER_BY_H_
#define GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_ORDER_BY_H_

#include <string>
#include <string_view>
#include <vector>

#include "drive/drive_file.h"
#include "drive/drive_file_store.h"

namespace gauthflow::mockserver {

// The sort keys of files.list `orderBy`
// (https://developers.google.com/drive/api/reference/rest/v3/files/list#query-parameters).
enum class OrderKey {
  kCreatedTime,
  kFolder,
  kModifiedByMeTime,
  kModifiedTime,
  kName,
  kNameNatural,
  kQuotaBytesUsed,
  kRecency,
  kSharedWithMeTime,
  kStarred,
  kViewedByMeTime,
};

struct OrderTerm {
  OrderKey key = OrderKey::kName;
  bool descending = false;
};

// A parsed orderBy. No terms = the fake's default order (by id), which also serves for
// fullText queries, whose "relevance" order the fake does not model.
struct DriveOrder {
  std::vector<OrderTerm> terms;

  // A normal form ("modifiedTime desc,name"): the key of a cached index, and part of the
  // page-token hash, so "name , modifiedTime" and "name,modifiedTime" share both.
  std::string Canonical() const;
};

// Parses a comma-separated list of keys, each optionally followed by " desc" (or " asc").
// Unknown key or modifier: false, with the offending item in `error`.
bool ParseDriveOrderBy(std::string_view text, DriveOrder& out, std::string& error);

// <0, 0, >0 as `a` sorts before, with, after `b`. Every order ends with the file id
// ascending, so no two distinct files compare equal and paging never skips or repeats.
// - name: case-insensitive, then case-sensitive; name_natural also compares digit runs by
//   their numeric value ("file 9" before "file 10");
// - folder and starred: folders (starred files) first when ascending;
// - a time the file lacks (never viewed, not shared) sorts as the earliest time;
// - recency: the latest of the file's times (Drive: "most recent timestamp from the file's
//   date-time fields").
int CompareDriveFiles(DriveOrder const& order, DriveFileView const& a, DriveFileView const& b);
// The same for files not in a store (tests, fuzz targets): packs them first.
int CompareDriveFiles(DriveOrder const& order, DriveFile const& a, DriveFile const& b);

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_ORDER_BY_H_
