// The whole installed-app flow looped by concurrent clients against the fake for a bounded
// time: no error, no code or token handed out twice. The 60-second, 64-loop version with the
// server's memory is benchmarks/fake_soak (benchmarks/fake_load.sh).

#include <chrono>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "load/soak_driver.h"
#include "mockserver/test_support.h"

namespace gauthflow::mockserver {
namespace {

// The benchmark's count: 64 keep-alive loops on the server's two event loops (issue 8).
constexpr int kSoakLoops = 64;
constexpr std::chrono::seconds kSoakDuration{10};

TEST(Soak, ConcurrentWholeFlowsNeitherFailNorHandOutACodeOrTokenTwice) {
  ServerConfig config = DefaultServerConfig();
  config.auto_approve_user = "";  // approves every authorization at once (as login_hint's user)
  // One user per loop: Google (and the fake) keep 100 refresh tokens per client and user and
  // revoke the oldest grant beyond, so loops sharing a user would see grants evicted mid-flow.
  std::vector<std::string> users;
  for (int i = 0; i < kSoakLoops; ++i) {
    UserConfig user;
    user.email = "soak" + std::to_string(i) + "@example.com";
    config.users.push_back(user);
    users.push_back(user.email);
  }
  // A manual clock that never moves: nothing expires during the run, so every failure is the
  // server's and not the test's pace.
  FakeGoogleServer server(std::move(config), std::make_shared<testing::ManualClock>());
  auto started = server.Start();
  ASSERT_TRUE(started) << started.error().message;

  load::SoakOptions options;
  options.base_url = server.base_url();
  options.client_id = testing::kClientId;
  options.client_secret = testing::kClientSecret;
  options.redirect_uri = testing::kRedirect;
  options.loops = kSoakLoops;
  options.login_hints = users;
  load::SoakDriver driver(options);
  load::SoakReport const report = driver.Run(kSoakDuration);

  std::ostringstream errors;
  for (auto const& [error, count] : report.errors_by_kind) errors << "\n  " << count << "x " << error;
  EXPECT_EQ(report.errors, 0U) << errors.str();
  EXPECT_EQ(report.lost, 0U);
  EXPECT_EQ(report.duplicates, 0U);
  // Every loop finished at least one flow (a count, not a speed).
  EXPECT_GE(report.flows_completed, static_cast<std::uint64_t>(kSoakLoops));
}

}  // namespace
}  // namespace gauthflow::mockserver
