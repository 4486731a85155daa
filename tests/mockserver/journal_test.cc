// Journal: a ring of reused entries, the oldest overwritten first, secrets redacted.
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "journal.h"

namespace gauthflow::mockserver::testing {
namespace {

using Clock = std::chrono::system_clock;

void AddRequest(Journal& journal, std::string const& path, Params const& form = {},
                int status = 200) {
  Params const query = {{"q", path}};
  journal.Add(JournalRecord{"POST", path, query, form, "", status, Clock::time_point{}});
}

std::vector<std::string> Paths(Journal const& journal) {
  std::vector<std::string> paths;
  for (auto const& entry : journal.Entries()) paths.push_back(entry.path);
  return paths;
}

TEST(JournalTest, KeepsTheNewestEntriesOldestFirst) {
  Journal journal(3);
  AddRequest(journal, "/a");
  AddRequest(journal, "/b");
  EXPECT_EQ(Paths(journal), (std::vector<std::string>{"/a", "/b"}));
  AddRequest(journal, "/c");
  AddRequest(journal, "/d");
  AddRequest(journal, "/e");
  EXPECT_EQ(Paths(journal), (std::vector<std::string>{"/c", "/d", "/e"}));
  for (int i = 0; i < 7; ++i) AddRequest(journal, "/" + std::to_string(i));
  EXPECT_EQ(Paths(journal), (std::vector<std::string>{"/4", "/5", "/6"}));
}

TEST(JournalTest, AReusedEntryShowsOnlyTheNewRequest) {
  Journal journal(1);
  Params const long_form = {{"grant_type", "authorization_code"}, {"code", "4/0Asecret"},
                            {"redirect_uri", "http://127.0.0.1:8765/"}};
  journal.Add(JournalRecord{"POST", "/token", {}, long_form, "Basic", 400, Clock::time_point{}});
  Params const short_form = {{"x", "1"}};
  Params const query = {{"alt", "json"}};
  journal.Add(JournalRecord{"GET", "/v", query, short_form, "", 200, Clock::time_point{}});
  auto entries = journal.Entries();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].method, "GET");
  EXPECT_EQ(entries[0].path, "/v");
  EXPECT_EQ(entries[0].query, query);
  EXPECT_EQ(entries[0].form, short_form);
  EXPECT_EQ(entries[0].auth_scheme, "");
  EXPECT_EQ(entries[0].status, 200);
}

TEST(JournalTest, RedactsSecretValuesAndKeepsTheRest) {
  Journal journal(4);
  Params const form = {{"grant_type", "refresh_token"}, {"refresh_token", "1//0abc"},
                       {"client_secret", ""}, {"client_id", "id.apps"}};
  journal.Add(JournalRecord{"POST", "/token", {{"code", "4/0A"}}, form, "Basic", 200,
                            Clock::time_point{}});
  auto entries = journal.Entries();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].query, (Params{{"code", "REDACTED"}}));
  EXPECT_EQ(entries[0].form, (Params{{"grant_type", "refresh_token"},
                                     {"refresh_token", "REDACTED"},
                                     {"client_secret", ""},  // empty: nothing to hide
                                     {"client_id", "id.apps"}}));
  EXPECT_EQ(entries[0].auth_scheme, "Basic");
  EXPECT_EQ(RedactSecrets(form), entries[0].form);
}

TEST(JournalTest, ZeroCapacityKeepsNothing) {
  Journal journal(0);
  AddRequest(journal, "/a");
  EXPECT_TRUE(journal.Entries().empty());
}

TEST(JournalTest, ClearEmptiesAndTheRingStartsAgain) {
  Journal journal(2);
  AddRequest(journal, "/a");
  AddRequest(journal, "/b");
  AddRequest(journal, "/c");
  journal.Clear();
  EXPECT_TRUE(journal.Entries().empty());
  AddRequest(journal, "/d");
  EXPECT_EQ(Paths(journal), (std::vector<std::string>{"/d"}));
  AddRequest(journal, "/e");
  AddRequest(journal, "/f");
  EXPECT_EQ(Paths(journal), (std::vector<std::string>{"/e", "/f"}));
}

// Concurrent writers overwrite slots of one another; every entry read back must be one request
// whole (its path, query and form from the same Add), and each writer's entries in its order.
TEST(JournalTest, ConcurrentAddsLeaveWholeEntriesInOrder) {
  constexpr int kWriters = 4;
  constexpr int kPerWriter = 2000;
  Journal journal(64);
  std::atomic<bool> go{false};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      while (!go.load()) std::this_thread::yield();
      for (int i = 0; i < kPerWriter; ++i) {
        std::string const id = std::to_string(w) + ":" + std::to_string(i);
        // A long value, so that a torn copy could not pass as another request's.
        AddRequest(journal, "/" + id, {{"id", id + std::string(40, 'x')}});
      }
    });
  }
  go = true;
  for (auto& writer : writers) writer.join();
  auto entries = journal.Entries();
  ASSERT_EQ(entries.size(), 64u);
  std::vector<int> last(kWriters, -1);
  for (auto const& entry : entries) {
    std::string const id = entry.path.substr(1);
    EXPECT_EQ(entry.query, (Params{{"q", entry.path}}));
    EXPECT_EQ(entry.form, (Params{{"id", id + std::string(40, 'x')}}));
    int const writer = std::stoi(id.substr(0, id.find(':')));
    int const index = std::stoi(id.substr(id.find(':') + 1));
    EXPECT_GT(index, last[static_cast<std::size_t>(writer)]) << id;
    last[static_cast<std::size_t>(writer)] = index;
  }
  // The very last request of some writer is the newest entry.
  EXPECT_NE(entries.back().path.find(":" + std::to_string(kPerWriter - 1)), std::string::npos);
}

}  // namespace
}  // namespace gauthflow::mockserver::testing
