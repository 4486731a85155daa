// files.list of the fake Drive over a generated corpus of 100,000 files.
//   cmake -S . -B build -DGAUTHFLOW_BUILD_BENCHMARKS=ON && cmake --build build --target drive_list_benchmark
//   ./build/benchmarks/drive_list_benchmark

#include <string>
#include <utility>
#include <vector>

#include <benchmark/benchmark.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "drive/drive_scopes.h"
#include "drive/drive_service.h"

namespace gauthflow::mockserver {
namespace {

constexpr char kUser[] = "bench@example.com";
constexpr int kFiles = 100'000;

using Query = std::vector<std::pair<std::string, std::string>>;

DriveService const& Service() {
  static DriveService* const service = [] {
    auto* created = new DriveService();
    // As --generate-files seeds it: streamed into the corpus's packed store.
    created->AddGeneratedFiles(kUser, kFiles,
                               std::chrono::system_clock::time_point(std::chrono::seconds(1717243200)));
    return created;
  }();
  return *service;
}

DriveCaller Caller() { return DriveCaller{kUser, "Bench", {kDriveReadonlyScope}}; }

void RunList(benchmark::State& state, Query const& query) {
  DriveService const& service = Service();
  DriveCaller const caller = Caller();
  HttpAnswer warm = service.Handle("GET", "/files", query, caller);  // builds the sorted index once
  if (warm.status != 200) state.SkipWithError(warm.body.c_str());
  for (auto _ : state) {
    HttpAnswer answer = service.Handle("GET", "/files", query, caller);
    benchmark::DoNotOptimize(answer.body.data());
  }
}

std::string TokenAfter(Query const& query, int pages) {
  std::string token;
  for (int i = 0; i < pages; ++i) {
    Query with_token = query;
    if (!token.empty()) with_token.emplace_back("pageToken", token);
    HttpAnswer const answer = Service().Handle("GET", "/files", with_token, Caller());
    Poco::JSON::Parser parser;
    token = parser.parse(answer.body).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("nextPageToken");
  }
  return token;
}

void BM_DriveListFirstPageByModifiedByMeTimeDesc(benchmark::State& state) {
  RunList(state, {{"pageSize", "5"}, {"orderBy", "modifiedByMeTime desc"}});
}
BENCHMARK(BM_DriveListFirstPageByModifiedByMeTimeDesc);

void BM_DriveListDeepPageByModifiedByMeTimeDesc(benchmark::State& state) {
  Query query = {{"pageSize", "5"}, {"orderBy", "modifiedByMeTime desc"}};
  query.emplace_back("pageToken", TokenAfter(query, 2000));
  RunList(state, query);
}
BENCHMARK(BM_DriveListDeepPageByModifiedByMeTimeDesc);

void BM_DriveListFirstPageWithFields(benchmark::State& state) {
  RunList(state, {{"pageSize", "5"}, {"orderBy", "modifiedByMeTime desc"},
                  {"fields", "nextPageToken, files(id,name,mimeType,modifiedTime,owners/emailAddress)"}});
}
BENCHMARK(BM_DriveListFirstPageWithFields);

void BM_DriveListDefault100(benchmark::State& state) { RunList(state, {}); }
BENCHMARK(BM_DriveListDefault100);

void BM_DriveListSelectiveQuery(benchmark::State& state) {
  // A rare match: the walk covers much of the index (no per-term index in the fake).
  RunList(state, {{"pageSize", "5"}, {"orderBy", "modifiedByMeTime desc"},
                  {"q", "name contains 'lecture' and starred = true and trashed = false"}});
}
BENCHMARK(BM_DriveListSelectiveQuery);

}  // namespace
}  // namespace gauthflow::mockserver
