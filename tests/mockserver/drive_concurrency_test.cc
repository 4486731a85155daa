// Listings run while files change: every answer is a consistent page of some snapshot.

#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "drive/drive_service.h"
#include "mockserver/drive_testing.h"

namespace gauthflow::mockserver {
namespace {

using testing::Json;
using testing::kAlice;

TEST(DriveConcurrency, ListingsStayConsistentWhileFilesAreAdded) {
  DriveService service;
  service.ReplaceFiles(kAlice, GenerateDriveFiles(500, kAlice, testing::FixedNow()));
  std::atomic<int> failures{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&, t] {
      for (int i = 0; i < 40; ++i) {
        testing::Query query = {{"pageSize", "50"}, {"orderBy", t % 2 == 0 ? "name" : "modifiedTime desc"}};
        HttpAnswer const answer = service.Handle("GET", "/files", query, testing::ReadonlyCaller());
        if (answer.status != 200) {
          ++failures;
          continue;
        }
        auto const files = Json(answer)->getArray("files");
        std::set<std::string> ids;
        for (std::size_t f = 0; f < files->size(); ++f) {
          ids.insert(files->getObject(static_cast<unsigned>(f))->getValue<std::string>("id"));
        }
        if (files->size() != 50 || ids.size() != 50) ++failures;
      }
    });
  }
  for (int batch = 0; batch < 20; ++batch) {
    DriveFile file;
    file.id = "added-" + std::to_string(batch);
    file.name = "Added " + std::to_string(batch);
    service.AddFiles(kAlice, {file});
  }
  for (std::thread& reader : readers) reader.join();
  EXPECT_EQ(failures.load(), 0);
  auto const all = Json(service.Handle("GET", "/files", {{"pageSize", "1000"}, {"q", "name contains 'added'"}},
                                       testing::ReadonlyCaller()));
  EXPECT_EQ(all->getArray("files")->size(), 20U);
}

}  // namespace
}  // namespace gauthflow::mockserver
