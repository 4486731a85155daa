#ifndef GAUTHFLOW_MOCKSERVER_DRIVE_GENERATE_DRIVE_FILES_H_
#define GAUTHFLOW_MOCKSERVER_DRIVE_GENERATE_DRIVE_FILES_H_

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "drive/drive_file.h"

namespace gauthflow::mockserver {

// A synthetic Drive for large tests and benchmarks: `count` files for `owner_email`, the same
// for the same arguments on every platform (a fixed-seed mt19937_64 whose raw output is
// standardised; no std distributions, whose results are not). About a tenth are folders
// forming a tree under the owner's root; the rest are Docs, Sheets, Slides, PDFs, images,
// text and archives with realistic names (with numbers, for name_natural). All modified and
// created times are distinct and before `now`; some files are starred, trashed, shared with
// the owner by colleagues, viewed, authorised for the app (drive.file), carry properties and
// appProperties, or live in the appDataFolder space.
std::vector<DriveFile> GenerateDriveFiles(int count, std::string const& owner_email,
                                          std::chrono::system_clock::time_point now);

// The same files, one at a time: `each` sees every file in order and must copy what it keeps
// (the argument is reused for the next file). No DriveFile is allocated per file, so a million
// files can go straight into a DriveFileStore.
void GenerateDriveFiles(int count, std::string const& owner_email, std::chrono::system_clock::time_point now,
                        std::function<void(DriveFile const&)> const& each);

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_DRIVE_GENERATE_DRIVE_FILES_H_
