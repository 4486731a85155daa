#ifndef GAUTHFLOW_MOCKSERVER_DRIVE_GENERATE_DRIVE_FILES_H_
#define GAUTHFLOW_MOCKSERVER_DRIVE_GENERATE_DRIVE_FILES_H_

#include <chrono>
#include <string>
#include <vector>

#include "drive/drive_file.h"
#include "drive/drive_file_store.h"

namespace gauthflow::mockserver {

// A synthetic Drive for large tests and benchmarks: `count` files for `owner_email`, the same
// for the same arguments on every platform (a fixed-seed mt19937_64 whose raw output is
// standardised; no std distributions, whose results are not). About a tenth are folders
// forming a tree under the owner's root; the rest are Docs, Sheets, Slides, PDFs, images,
// text and archives with realistic names (with numbers, for name_natural). All modified and
// created times are distinct and before `now`; some files are starred, trashed, shared with
// the owner by colleagues, viewed, authorised for the app (drive.file), carry properties and
// appProperties, or live in the appDataFolder space. Their ids are distinct (the corpus tests
// check up to 1,000,000 files; beyond, a repeat would replace the earlier file, as Put does).
std::vector<DriveFile> GenerateDriveFiles(int count, std::string const& owner_email,
                                          std::chrono::system_clock::time_point now);

// The same files, put into `store` in order (DriveFileStore::Put: a file whose id the store
// already has replaces it in place). No DriveFile is made and each value that files share is
// interned once, so a million files go in with no allocation or string lookup per file.
void GenerateDriveFiles(int count, std::string const& owner_email, std::chrono::system_clock::time_point now,
                        DriveFileStore& store);

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_DRIVE_GENERATE_DRIVE_FILES_H_
