// The checks and the report writers over hand-made observations (no processes, no server).
#include "conformance/checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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

ScenarioObservation Happy(SeenRequest authorization) {
  ScenarioObservation o;
  o.scenario = *FindScenario("happy");
  RunObservation run;
  run.app.started = true;
  run.app.exit_code = 0;
  run.browser_opened = true;
  run.journal.push_back(std::move(authorization));
  SeenRequest drive;
  drive.method = "GET";
  drive.path = "/drive/v3/files";
  drive.auth_scheme = "Bearer";
  drive.status = 200;
  run.journal.push_back(drive);
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

}  // namespace
}  // namespace gauthflow::mockserver::conformance
