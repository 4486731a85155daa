#ifndef GAUTHFLOW_TESTS_FUZZ_DRIVE_FIXTURE_H_
#define GAUTHFLOW_TESTS_FUZZ_DRIVE_FIXTURE_H_

// A small fixed set of Drive files for the Drive fuzz targets to evaluate, sort and render:
// one of each kind (folder, Google Doc, binary file, shared and trashed file) with every
// optional field set on some file and absent on another.

#include <chrono>
#include <vector>

#include "drive/drive_file.h"

namespace gauthflow::fuzz {

inline mockserver::DriveTime FixtureTime(long long seconds) {
  return mockserver::DriveTime(std::chrono::milliseconds(seconds * 1000));
}

inline std::vector<mockserver::DriveFile> const& FixtureFiles() {
  static std::vector<mockserver::DriveFile> const kFiles = [] {
    std::vector<mockserver::DriveFile> files(4);
    files[0].id = "folder0";
    files[0].name = "Projects 10";
    files[0].mime_type = mockserver::kFolderMimeType;
    files[0].created_time = FixtureTime(1'600'000'000);
    files[0].modified_time = FixtureTime(1'700'000'000);
    files[0].parents = {"root"};
    files[0].owners = {{"alice@example.com", "Alice"}};
    files[0].starred = true;

    files[1].id = "doc1";
    files[1].name = "Quarterly report 9";
    files[1].mime_type = "application/vnd.google-apps.document";
    files[1].description = "numbers for Q3";
    files[1].content = "revenue grew \"fast\" this quarter";
    files[1].created_time = FixtureTime(1'650'000'000);
    files[1].modified_time = FixtureTime(1'710'000'000);
    files[1].modified_by_me_time = FixtureTime(1'710'000'000);
    files[1].viewed_by_me_time = FixtureTime(1'711'000'000);
    files[1].parents = {"folder0"};
    files[1].owners = {{"Alice@Example.com", "Alice"}};
    files[1].writers = {"bob@example.com"};
    files[1].properties = {{"team", "finance"}, {"", ""}};
    files[1].app_properties = {{"app", "x"}};
    files[1].visibility = "anyoneWithLink";
    files[1].is_app_authorized = true;

    files[2].id = "bin2";
    files[2].name = "holiday.jpg";
    files[2].mime_type = "image/jpeg";
    files[2].size = 2'097'152;
    files[2].quota_bytes_used = 2'097'152;
    files[2].created_time = FixtureTime(1'500'000'000);
    files[2].modified_time = FixtureTime(1'500'000'000);
    files[2].shared_with_me_time = FixtureTime(1'690'000'000);
    files[2].owners = {{"carol@example.com", "Carol"}};
    files[2].readers = {"alice@example.com"};
    files[2].space = "appDataFolder";

    files[3].id = "bin3";
    files[3].name = "holiday.jpg";  // the same name as bin2: only the id tells them apart
    files[3].mime_type = "text/plain";
    files[3].trashed = true;
    files[3].created_time = FixtureTime(0);
    files[3].modified_time = FixtureTime(-86'400);
    return files;
  }();
  return kFiles;
}

}  // namespace gauthflow::fuzz

#endif  // GAUTHFLOW_TESTS_FUZZ_DRIVE_FIXTURE_H_
