#ifndef GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_INTERNED_STRINGS_H_
#define GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_INTERNED_STRINGS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "drive/drive_hash_index.h"

namespace gauthflow::mockserver::internal {

// Each distinct string once, numbered densely from 0 (which is always ""). A Drive corpus
// repeats a few values over and over — mime types, owners, parent folders, spaces — so its
// files hold 4-byte numbers instead of strings.
class InternedStrings {
 public:
  InternedStrings();

  // The number of `text`, adding it when new.
  std::uint32_t Intern(std::string_view text);

  std::string_view operator[](std::uint32_t id) const {
    return std::string_view(text_).substr(starts_[id], starts_[id + 1] - starts_[id]);
  }

 private:
  std::string text_;                  // every string, back to back
  std::vector<std::uint64_t> starts_;  // string i is text_[starts_[i], starts_[i + 1])
  DriveHashIndex index_;
};

}  // namespace gauthflow::mockserver::internal

#endif  // GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_INTERNED_STRINGS_H_
