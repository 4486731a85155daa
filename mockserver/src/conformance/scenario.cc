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
  // The device flow (RFC 8628), for applications that run with --mode device. The person on
  // the other device acts after the application's first poll, so that its polling pace shows.
  {
    Scenario s;
    s.name = "device";
    s.summary = "device flow: the user approves the code after the first poll";
    s.expected = "shows the code, polls no faster than the interval, then calls Drive";
    s.modes = {"device"};
    all.push_back(s);
  }
  {
    Scenario s;
    s.name = "device-slow-down";
    s.summary = "device flow: the first poll is answered slow_down, then the user approves";
    s.expected = "waits the interval plus 5 s before the next poll, then calls Drive";
    s.modes = {"device"};
    FaultSpec fault;
    fault.kind = "status";
    fault.status = 403;  // Google's status for slow_down (the fake's device store uses it too)
    fault.error = "slow_down";
    fault.message = "Forbidden";
    s.faults = {fault};
    all.push_back(s);
  }
  {
    Scenario s;
    s.name = "device-denied";
    s.summary = "device flow: the user denies the code after the first poll";
    s.expected = "stops polling at access_denied and reports the denial";
    s.modes = {"device"};
    s.device_user = DeviceUser::kDeny;
    all.push_back(s);
  }
  {
    Scenario s;
    s.name = "device-expired";
    s.summary = "device flow: nobody enters the code; the fake's clock passes its lifetime";
    s.expected = "stops polling at expired_token and does not ask for a new code by itself";
    s.modes = {"device"};
    s.device_user = DeviceUser::kLetExpire;
    all.push_back(s);
  }
  // Paste the redirect URL (no browser on this machine): the runner types into stdin.
  {
    Scenario s;
    s.name = "paste";
    s.summary = "no browser here: the user opens the printed URL elsewhere and pastes the address it ends on";
    s.expected = "prints the URL, takes the pasted address (state checked), exchanges the code, calls Drive";
    s.modes = {"paste"};
    all.push_back(s);
  }
  {
    Scenario s;
    s.name = "paste-forged";
    s.summary = "paste mode: the user pastes the address of an attacker's sign-in (another state)";
    s.expected = "refuses the pasted address (wrong state) and never exchanges its code";
    s.modes = {"paste"};
    s.forged_callback_first = true;
    all.push_back(s);
  }
  // The out-of-band redirect (urn:ietf:wg:oauth:2.0:oob), which Google blocked for every
  // client on 2023-01-31 (GOOGLE-OAUTH-FACTS.md, OOB).
  {
    Scenario s;
    s.name = "oob-blocked";
    s.summary = "OOB redirect: the browser shows Google's \"OOB flow has been blocked\" error";
    s.expected = "ends on its own with a non-zero exit and says to use another mode";
    s.modes = {"oob"};
    s.oob_blocked = true;
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
