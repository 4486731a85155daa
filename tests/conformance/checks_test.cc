// The checks and the report writers over hand-made observations (no processes, no server).
#include "conformance/checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <sstream>

#include "conformance/report.h"

namespace gauthflow::mockserver::conformance {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

SeenRequest Authorization(std::string redirect, std::string state, std::string method) {
  SeenRequest r;
  r.method = "GET";
  r.path = "/o/oauth2/auth";
  r.query = {{"redirect_uri", redirect}, {"state", state}};
  if (!method.empty()) {
    r.query.emplace_back("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    r.query.emplace_back("code_challenge_method", method);
  }
  return r;
}

// A Drive files.list with the token in the header, answered 200.
SeenRequest DriveCall() {
  SeenRequest drive;
  drive.method = "GET";
  drive.path = "/drive/v3/files";
  drive.auth_scheme = "Bearer";
  drive.status = 200;
  return drive;
}

ScenarioObservation Happy(SeenRequest authorization) {
  ScenarioObservation o;
  o.scenario = *FindScenario("happy");
  RunObservation run;
  run.app.started = true;
  run.app.exit_code = 0;
  run.browser_opened = true;
  run.journal.push_back(std::move(authorization));
  run.journal.push_back(DriveCall());
  BrowserReport report;
  report.redirect_port = 8085;
  report.listeners = {{"0.0.0.0", 8085, false}};
  run.browser = report;
  o.runs.push_back(run);
  return o;
}

CheckResult const* Find(std::vector<CheckResult> const& results, std::string const& id) {
  for (auto const& r : results) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

TEST(ConformanceChecks, PlainPkceFailsAndLocalhostWarns) {
  auto const results = GradeScenario(Happy(Authorization("http://localhost:8085/", "s1", "plain")));
  auto const* pkce = Find(results, "pkce_s256");
  ASSERT_TRUE(pkce);
  EXPECT_EQ(pkce->verdict, Verdict::kFail);
  EXPECT_THAT(pkce->seen, HasSubstr("plain"));
  auto const* literal = Find(results, "redirect_ip_literal");
  ASSERT_TRUE(literal);
  EXPECT_EQ(literal->verdict, Verdict::kWarn);
  EXPECT_EQ(Find(results, "redirect_loopback")->verdict, Verdict::kPass);
  EXPECT_FALSE(Passed(results));
}

TEST(ConformanceChecks, AListenerOnEveryInterfaceFails) {
  auto const results = GradeScenario(Happy(Authorization("http://127.0.0.1:8085/", "s1", "S256")));
  auto const* listener = Find(results, "listener_loopback_only");
  ASSERT_TRUE(listener);
  EXPECT_EQ(listener->verdict, Verdict::kFail);
  EXPECT_THAT(listener->seen, HasSubstr("0.0.0.0:8085"));
  EXPECT_EQ(Find(results, "pkce_s256")->verdict, Verdict::kPass);
}

TEST(ConformanceChecks, ARemoteRedirectIsAMustFailure) {
  auto const results = GradeScenario(Happy(Authorization("http://app.example.com/cb", "s1", "S256")));
  EXPECT_EQ(Find(results, "redirect_loopback")->verdict, Verdict::kFail);
  EXPECT_EQ(Find(results, "redirect_ip_literal"), nullptr);
}

TEST(ConformanceChecks, TheSameStateTwiceFailsAcrossScenarios) {
  std::vector<ScenarioObservation> all = {Happy(Authorization("http://127.0.0.1:1/", "same", "S256")),
                                          Happy(Authorization("http://127.0.0.1:2/", "same", "S256"))};
  auto const results = GradeAcrossScenarios(all);
  auto const* state = Find(results, "state_unique");
  ASSERT_TRUE(state);
  EXPECT_EQ(state->verdict, Verdict::kFail);
  EXPECT_EQ(state->scenario, "all");
}

TEST(ConformanceReports, TextAndJUnitSayWhatFailed) {
  CheckResult failed{"happy", "pkce_s256", "RFC 7636 §4.2", Level::kMust, Verdict::kFail,
                     "code_challenge_method=<plain> & \"x\""};
  CheckResult warned{"happy", "redirect_ip_literal", "RFC 8252 §8.3", Level::kShould, Verdict::kWarn,
                     "localhost"};
  std::ostringstream text;
  WriteTextReport({failed, warned}, text);
  EXPECT_THAT(text.str(), HasSubstr("FAIL  MUST    pkce_s256"));
  EXPECT_THAT(text.str(), HasSubstr("WARN  SHOULD  redirect_ip_literal"));
  EXPECT_THAT(text.str(), HasSubstr("1 failed (MUST), 1 warnings (SHOULD) -> FAIL"));
  std::ostringstream junit;
  WriteJUnitReport({failed, warned}, junit);
  EXPECT_THAT(junit.str(), HasSubstr("tests=\"2\" failures=\"1\""));
  EXPECT_THAT(junit.str(), HasSubstr("<failure message=\"code_challenge_method=&lt;plain&gt; &amp; &quot;x&quot;\">"));
  EXPECT_THAT(junit.str(), Not(HasSubstr("<plain>")));
}

// The device scenarios: the app's polls as the fake's journal shows them (answer status and
// time), after a device code request.
ScenarioObservation DeviceRun(std::string const& scenario, std::vector<std::pair<int, std::int64_t>> const& polls,
                              int exit_code) {
  ScenarioObservation o;
  o.scenario = *FindScenario(scenario);
  RunObservation run;
  run.app.started = true;
  run.app.exit_code = exit_code;
  run.app.output_tail = "Enter the code BCDF-GHJK at http://127.0.0.1/device";
  run.device_user_code = "BCDF-GHJK";
  SeenRequest code;
  code.method = "POST";
  code.path = "/device/code";
  code.status = 200;
  run.journal.push_back(code);
  for (auto const& [status, at] : polls) {
    SeenRequest poll;
    poll.method = "POST";
    poll.path = "/token";
    poll.form = {{"grant_type", "urn:ietf:params:oauth:grant-type:device_code"}};
    poll.status = status;
    poll.epoch_ms = at;
    run.journal.push_back(poll);
  }
  if (exit_code == 0) run.journal.push_back(DriveCall());
  o.runs.push_back(run);
  return o;
}

TEST(ConformanceChecks, SlowDownMustAddFiveSecondsToTheInterval) {
  // 403 slow_down at 5 s; the next poll 5 s later is too soon (10 s are due), 10 s is right.
  auto const short_gap = GradeScenario(DeviceRun("device-slow-down", {{403, 5000}, {200, 10000}}, 0));
  ASSERT_NE(Find(short_gap, "slow_down_honoured"), nullptr);
  EXPECT_EQ(Find(short_gap, "slow_down_honoured")->verdict, Verdict::kFail);
  EXPECT_THAT(Find(short_gap, "slow_down_honoured")->seen, HasSubstr("5000 ms later (at least 10000"));
  auto const right = GradeScenario(DeviceRun("device-slow-down", {{403, 5000}, {200, 15000}}, 0));
  EXPECT_EQ(Find(right, "slow_down_honoured")->verdict, Verdict::kPass);
  EXPECT_EQ(Find(right, "happy_path")->verdict, Verdict::kPass);
  EXPECT_EQ(Find(right, "device_code_shown")->verdict, Verdict::kPass);
}

TEST(ConformanceChecks, PollingFasterThanTheIntervalWarns) {
  auto const fast = GradeScenario(DeviceRun("device", {{428, 1000}, {200, 2000}}, 0));
  ASSERT_NE(Find(fast, "device_interval_honoured"), nullptr);
  EXPECT_EQ(Find(fast, "device_interval_honoured")->verdict, Verdict::kWarn);
  EXPECT_EQ(Find(fast, "slow_down_honoured"), nullptr);  // no slow_down was answered
  auto const paced = GradeScenario(DeviceRun("device", {{428, 5000}, {200, 10000}}, 0));
  EXPECT_EQ(Find(paced, "device_interval_honoured")->verdict, Verdict::kPass);
}

TEST(ConformanceChecks, PollingOnAfterAFinalDeviceErrorFails) {
  auto const denied = GradeScenario(DeviceRun("device-denied", {{428, 5000}, {403, 10000}, {403, 15000}}, 1));
  ASSERT_NE(Find(denied, "stops_on_access_denied"), nullptr);
  EXPECT_EQ(Find(denied, "stops_on_access_denied")->verdict, Verdict::kFail);
  EXPECT_EQ(Find(denied, "slow_down_honoured"), nullptr);  // those 403s are access_denied
  auto const stopped = GradeScenario(DeviceRun("device-expired", {{428, 5000}, {400, 10000}}, 1));
  EXPECT_EQ(Find(stopped, "stops_on_expired_token")->verdict, Verdict::kPass);
  EXPECT_EQ(Find(stopped, "no_new_code_unasked")->verdict, Verdict::kPass);
  auto const never = GradeScenario(DeviceRun("device-expired", {}, 1));
  EXPECT_EQ(Find(never, "device_polled")->verdict, Verdict::kFail);
}

// One run of `scenario` whose application started; `shape` sets the rest.
ScenarioObservation OneRun(std::string const& scenario, std::function<void(RunObservation&)> const& shape) {
  ScenarioObservation o;
  o.scenario = *FindScenario(scenario);
  RunObservation run;
  run.app.started = true;
  shape(run);
  o.runs.push_back(run);
  return o;
}

TEST(ConformanceChecks, TheOobBlockMustEndTheRun) {
  auto const results = GradeScenario(OneRun("oob-blocked", [](RunObservation& run) {
    run.app.timed_out = true;
    run.browser_opened = true;
    run.journal.push_back(Authorization("urn:ietf:wg:oauth:2.0:oob", "s1", "S256"));
  }));
  ASSERT_NE(Find(results, "oob_blocked_handled"), nullptr);
  EXPECT_EQ(Find(results, "oob_blocked_handled")->verdict, Verdict::kFail);
  EXPECT_EQ(Find(results, "redirect_loopback"), nullptr);  // OOB by design here
  EXPECT_EQ(Find(results, "pkce_s256")->verdict, Verdict::kPass);
}

TEST(ConformanceChecks, PasteNeedsThePrintedUrlNotTheBrowser) {
  auto const results = GradeScenario(OneRun("paste", [](RunObservation& run) { run.app.exit_code = 1; }));
  ASSERT_NE(Find(results, "url_printed"), nullptr);
  EXPECT_EQ(Find(results, "url_printed")->verdict, Verdict::kFail);
  EXPECT_EQ(Find(results, "browser_opened"), nullptr);
}

TEST(ConformanceChecks, ListenerClosedIsAWindowOrderedAgainstTheCodeExchange) {
  auto o = Happy(Authorization("http://127.0.0.1:8085/", "s1", "S256"));
  SeenRequest exchange;
  exchange.method = "POST";
  exchange.path = "/token";
  exchange.form = {{"grant_type", "authorization_code"}};
  exchange.status = 200;
  exchange.epoch_ms = 1'000'000;
  o.runs[0].journal.push_back(exchange);
  ListenerClosing closing;
  closing.after_visit_at_least = std::chrono::milliseconds(2980);
  closing.after_visit_at_most = std::chrono::milliseconds(3000);
  closing.open_at_epoch_ms = 1'000'480;  // the window is after the exchange, 3 s after the visit
  closing.closed_by_epoch_ms = 1'000'500;
  closing.application_owned = true;
  o.runs[0].listener_closing = closing;
  auto late = GradeScenario(o);
  ASSERT_NE(Find(late, "listener_closed"), nullptr);
  EXPECT_EQ(Find(late, "listener_closed")->verdict, Verdict::kWarn);
  EXPECT_THAT(Find(late, "listener_closed")->seen,
              HasSubstr("application's redirect listener closed between 2980 and 3000 ms after the browser's visit "
                        "ended, after the code exchange"));
  closing.open_at_epoch_ms = 999'970;  // closed before the exchange: fine however late
  closing.closed_by_epoch_ms = 999'990;
  closing.with_exit = true;
  o.runs[0].listener_closing = closing;
  auto early = GradeScenario(o);
  EXPECT_EQ(Find(early, "listener_closed")->verdict, Verdict::kPass);
  EXPECT_THAT(Find(early, "listener_closed")->seen, HasSubstr("with the application's exit, before the code exchange"));
  closing.open_at_epoch_ms = 999'990;  // a window around the exchange: no order is claimed
  closing.closed_by_epoch_ms = 1'000'010;
  closing.with_exit = false;
  o.runs[0].listener_closing = closing;
  auto around = GradeScenario(o);
  EXPECT_EQ(Find(around, "listener_closed")->verdict, Verdict::kWarn);
  EXPECT_THAT(Find(around, "listener_closed")->seen, Not(HasSubstr("code exchange")));
}

}  // namespace
}  // namespace gauthflow::mockserver::conformance
