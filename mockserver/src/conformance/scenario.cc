#include "conformance/scenario.h"

namespace gauthflow::mockserver::conformance {
namespace {

std::vector<Scenario> MakeScenarios() {
  std::vector<Scenario> all;
  {
    Scenario s;
    s.name = "happy";
    s.summary = "loopback sign-in, code exchange, one Drive files.list with the token";
    s.expected = "signs in, exchanges the code once and calls Drive with the token in the header";
    all.push_back(s);
  }
  {
    Scenario s;
    s.name = "denied";
    s.summary = "the user presses Deny on the consent page";
    s.expected = "reports access_denied and makes no token request";
    s.allow = false;
    all.push_back(s);
  }
  {
    Scenario s;
    s.name = "forged-callback";
    s.summary = "a callback with a wrong state and another request's code arrives first";
    s.expected = "rejects the forged callback and never exchanges its code";
    s.forged_callback_first = true;
    all.push_back(s);
  }
  {
    Scenario s;
    s.name = "expired-token";
    s.summary = "second run after the fake's clock moved past the access token's expiry";
    s.expected = "refreshes the access token once and calls Drive with the new one";
    s.runs = 2;
    s.between_runs = BetweenRuns::kExpireAccessToken;
    all.push_back(s);
  }
  {
    Scenario s;
    s.name = "revoked-refresh-token";
    s.summary = "second run after the refresh token was revoked";
    s.expected = "reports that sign-in is needed and does not retry invalid_grant";
    s.runs = 2;
    s.between_runs = BetweenRuns::kRevokeEverything;
    all.push_back(s);
  }
  {
    Scenario s;
    s.name = "token-503";
    s.summary = "the token endpoint answers 503 twice, then normally";
    s.expected = "retries a bounded number of times with a growing delay, then succeeds";
    FaultSpec fault;
    fault.kind = "status";
    fault.status = 503;
    fault.count = 2;
    s.faults = {fault};
    all.push_back(s);
  }
  {
    Scenario s;
    s.name = "token-429";
    s.summary = "the token endpoint answers 429 with Retry-After: 2 once";
    s.expected = "waits at least the Retry-After before asking again";
    FaultSpec fault;
    fault.kind = "rate_limit";
    fault.retry_after = 2;
    s.faults = {fault};
    all.push_back(s);
  }
  {
    Scenario s;
    s.name = "slow-token";
    s.summary = "the token endpoint does not answer within the runner's timeout";
    s.expected = "gives up on its own (its own HTTP timeout) before the runner's timeout";
    s.slow_token_endpoint = true;
    all.push_back(s);
  }
  return all;
}

}  // namespace

std::vector<Scenario> const& AllScenarios() {
  static std::vector<Scenario> const scenarios = MakeScenarios();
  return scenarios;
}

std::optional<Scenario> FindScenario(std::string const& name) {
  for (auto const& scenario : AllScenarios()) {
    if (scenario.name == name) return scenario;
  }
  return std::nullopt;
}

}  // namespace gauthflow::mockserver::conformance
