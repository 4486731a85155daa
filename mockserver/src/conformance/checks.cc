#include "conformance/checks.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "conformance/device_person.h"

namespace gauthflow::mockserver::conformance {
namespace {

bool IsAuthorizationPath(std::string const& path) {
  return path == "/o/oauth2/auth" || path == "/o/oauth2/v2/auth";
}
// RFC 8628 §3.1's device authorization endpoint, on Google's path and its legacy one.
bool IsDeviceCodeRequest(SeenRequest const& r) {
  return r.method == "POST" && (r.path == "/device/code" || r.path == "/o/oauth2/device/code");
}
// Resource requests that must carry the token in the Authorization header. tokeninfo is left
// out: Google documents ?access_token= as its interface.
bool IsApiPath(std::string const& path) {
  return path.rfind("/drive/", 0) == 0 || path == "/v1/userinfo" || path == "/oauth2/v3/userinfo";
}

std::string Lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::vector<std::string> ForgedStates(ScenarioObservation const& o) {
  std::vector<std::string> states;
  for (auto const& run : o.runs) {
    if (run.browser && !run.browser->forged_state.empty()) states.push_back(run.browser->forged_state);
  }
  return states;
}

// The application's authorization requests: those the browser made for the URL the
// application opened, not the forged ones the runner's browser made up.
std::vector<SeenRequest> AuthorizationRequests(ScenarioObservation const& o, RunObservation const& run) {
  auto const forged = ForgedStates(o);
  std::vector<SeenRequest> out;
  for (auto const& r : run.journal) {
    if (!IsAuthorizationPath(r.path)) continue;
    std::string const state = r.method == "POST" ? r.Form("state") : r.Query("state");
    if (std::find(forged.begin(), forged.end(), state) != forged.end()) continue;
    out.push_back(r);
  }
  return out;
}

std::string Param(SeenRequest const& r, std::string const& name) {
  return r.method == "POST" ? r.Form(name) : r.Query(name);
}

std::vector<SeenRequest> TokenRequests(RunObservation const& run, std::string const& grant) {
  std::vector<SeenRequest> out;
  for (auto const& r : run.journal) {
    if (r.IsTokenRequest(grant)) out.push_back(r);
  }
  return out;
}

std::vector<SeenRequest> AllAuthorizationRequests(ScenarioObservation const& o) {
  std::vector<SeenRequest> out;
  for (auto const& run : o.runs) {
    auto some = AuthorizationRequests(o, run);
    out.insert(out.end(), some.begin(), some.end());
  }
  return out;
}

bool HasViolation(ScenarioObservation const& o, std::string const& kind) {
  for (auto const& run : o.runs) {
    for (auto const& v : run.violations) {
      if (v.kind == kind) return true;
    }
  }
  return false;
}

std::string ExitText(AppRun const& app) {
  if (!app.started) return "did not start: " + app.start_error;
  if (app.timed_out) return "was killed at the runner's timeout after " + std::to_string(app.elapsed.count()) + " ms";
  if (app.signal) return "was ended by signal " + std::to_string(app.signal);
  return "exited " + std::to_string(app.exit_code);
}

class Grader {
 public:
  explicit Grader(ScenarioObservation const& o) : o_(o) {}

  void Add(std::string id, std::string rule, Level level, bool ok, std::string seen) {
    CheckResult result;
    result.scenario = o_.scenario.name;
    result.id = std::move(id);
    result.rule = std::move(rule);
    result.level = level;
    result.verdict = ok ? Verdict::kPass : (level == Level::kMust ? Verdict::kFail : Verdict::kWarn);
    result.seen = std::move(seen);
    results_.push_back(std::move(result));
  }

  std::vector<CheckResult> Grade() {
    if (!o_.runner_error.empty()) {
      Add("runner", "gauthflow conformance", Level::kMust, false, o_.runner_error);
      return results_;
    }
    if (!AppRan()) return results_;
    Authorization();
    Listener();
    Urls();
    CodeOnce();
    ScenarioBehaviour();
    return results_;
  }

 private:
  RunObservation const& Graded() const { return o_.runs.back(); }
  bool IsDevice() const { return o_.scenario.modes == std::vector<std::string>{"device"}; }

  // The application started and (outside the slow scenario) finished by the runner's timeout;
  // in the first run it opened the browser.
  bool AppRan() {
    for (std::size_t i = 0; i < o_.runs.size(); ++i) {
      auto const& run = o_.runs[i];
      std::string const which = o_.runs.size() > 1 ? "run " + std::to_string(i + 1) + ": " : "";
      if (!run.app.started) {
        Add("app_started", "gauthflow conformance", Level::kMust, false, which + ExitText(run.app));
        return false;
      }
      if (!o_.scenario.slow_token_endpoint) {
        Add("finished_in_time", "every wait has a deadline", Level::kMust, !run.app.timed_out,
            which + "the application " + ExitText(run.app));
      }
    }
    if (IsDevice()) {
      auto const& journal = o_.runs.front().journal;
      bool const requested = std::any_of(journal.begin(), journal.end(), [](SeenRequest const& r) {
        return IsDeviceCodeRequest(r) && r.status == 200;
      });
      Add("device_code_requested", "RFC 8628 §3.1", Level::kMust, requested,
          requested ? "the application obtained a device code"
                    : "the application obtained no device code (it " + ExitText(o_.runs.front().app) + ")");
      return requested;
    }
    if (o_.scenario.modes == std::vector<std::string>{"paste"}) {
      auto const& first = o_.runs.front();
      Add("url_printed", "RFC 6749 §4.1.1", Level::kMust, first.url_printed,
          first.url_printed ? "the application printed the authorization URL" +
                                  (first.paste_error.empty() ? std::string() : "; the visit failed: " + first.paste_error)
                            : "no authorization URL on the fake in the application's output (it " +
                                  ExitText(first.app) + ")");
      return first.url_printed;
    }
    bool const opened = o_.runs.front().browser_opened;
    Add("browser_opened", "RFC 8252 §4.1", Level::kMust, opened,
        opened ? "the application opened $BROWSER"
               : "the application never opened $BROWSER (it " + ExitText(o_.runs.front().app) + ")");
    return true;
  }

  void Authorization() {
    auto const requests = AllAuthorizationRequests(o_);
    if (requests.empty()) return;
    std::string pkce_seen = "code_challenge_method=S256 on every authorization request";
    bool pkce_ok = true;
    std::string state_seen = "a state on every authorization request";
    bool state_ok = true;
    std::string redirect_seen;
    bool loopback = true;
    bool ip_literal = true;
    for (auto const& r : requests) {
      std::string const method = Param(r, "code_challenge_method");
      std::string const challenge = Param(r, "code_challenge");
      if (challenge.empty()) {
        pkce_ok = false;
        pkce_seen = "no code_challenge was sent";
      } else if (method != "S256") {
        pkce_ok = false;
        pkce_seen = "code_challenge_method=" + (method.empty() ? std::string("(none, so plain)") : method);
      }
      if (Param(r, "state").empty()) {
        state_ok = false;
        state_seen = "an authorization request without state";
      }
      std::string const redirect = Param(r, "redirect_uri");
      redirect_seen = "redirect_uri=" + redirect;
      bool const ip = redirect.rfind("http://127.0.0.1:", 0) == 0 || redirect.rfind("http://[::1]:", 0) == 0;
      bool const localhost = redirect.rfind("http://localhost:", 0) == 0;
      if (!ip) ip_literal = false;
      if (!ip && !localhost) loopback = false;
    }
    Add("pkce_s256", "RFC 8252 §8.1, RFC 7636 §4.2", Level::kMust, pkce_ok, pkce_seen);
    if (pkce_ok) {
      // The fake accepts a verifier only when it has 43-128 unreserved characters and matches
      // the challenge (RFC 7636 §4.1, §4.6): a refused exchange of a PKCE-bound code shows a
      // bad verifier.
      auto const exchanges = TokenRequestsAllRuns("authorization_code");
      bool const accepted = std::any_of(exchanges.begin(), exchanges.end(),
                                        [](SeenRequest const& r) { return r.status == 200; });
      if (!exchanges.empty() && !o_.scenario.forged_callback_first && o_.scenario.faults.empty() &&
          !o_.scenario.slow_token_endpoint) {
        Add("pkce_verifier", "RFC 7636 §4.1", Level::kMust, accepted,
            accepted ? "the fake accepted the code_verifier (43-128 unreserved characters)"
                     : "the fake accepted no code exchange (code_verifier of the wrong length, "
                       "characters or value?)");
      }
    }
    Add("state_present", "RFC 6749 §10.12, RFC 9700 §2.1", Level::kMust, state_ok, state_seen);
    if (o_.scenario.oob_blocked) return;  // the OOB scenario's redirect URI is OOB by design
    Add("redirect_loopback", "RFC 8252 §7.3", Level::kMust, loopback, redirect_seen);
    if (loopback) {
      Add("redirect_ip_literal", "RFC 8252 §8.3", Level::kShould, ip_literal,
          ip_literal ? redirect_seen : redirect_seen + " (localhost is NOT RECOMMENDED: use 127.0.0.1 or [::1])");
    }
  }

  std::vector<SeenRequest> TokenRequestsAllRuns(std::string const& grant) const {
    std::vector<SeenRequest> out;
    for (auto const& run : o_.runs) {
      auto some = TokenRequests(run, grant);
      out.insert(out.end(), some.begin(), some.end());
    }
    return out;
  }

  void Listener() {
    auto const& first = o_.runs.front();
    if (!first.browser || first.browser->redirect_port <= 0) return;
    auto const& listeners = first.browser->listeners;
    if (listeners.empty()) {
      Add("listener_loopback_only", "RFC 8252 §8.3", Level::kShould, false,
          "no socket listened on port " + std::to_string(first.browser->redirect_port) +
              " when the browser opened (another process, or a network namespace?)");
    } else {
      std::string seen;
      bool ok = true;
      for (auto const& l : listeners) {
        if (!seen.empty()) seen += ", ";
        seen += (l.address.find(':') != std::string::npos ? "[" + l.address + "]" : l.address) + ":" +
                std::to_string(l.port);
        if (!l.loopback) ok = false;
      }
      Add("listener_loopback_only", "RFC 8252 §8.3", Level::kMust, ok,
          "listening on " + seen + (ok ? "" : " (reachable from the network)"));
    }
    if (first.listener_open_at_exit) {
      Add("listener_closed", "RFC 8252 §8.3", Level::kShould, false,
          "the redirect port was still listening after the application exited");
    } else if (first.listener_closing) {
      auto const& c = *first.listener_closing;
      // Ordered against the code exchange by the fake's journal (the same system clock).
      auto const exchanges = TokenRequests(first, "authorization_code");
      bool const before_exchange = !exchanges.empty() && c.closed_by_epoch_ms <= exchanges.front().epoch_ms;
      bool const after_exchange = !exchanges.empty() && c.open_at_epoch_ms >= exchanges.front().epoch_ms;
      auto const ms = [](std::chrono::milliseconds d) { return std::to_string(d.count()); };
      std::string when = c.before_visit_end
                             ? "before the browser's visit ended"
                             : "between " + ms(c.after_visit_at_least) + " and " + ms(c.after_visit_at_most) +
                                   " ms after the browser's visit ended";
      if (c.with_exit) when += ", with the application's exit";
      // Said only when the window is all on one side of the exchange.
      if (before_exchange) when += ", before the code exchange";
      if (after_exchange) when += ", after the code exchange";
      Add("listener_closed", "RFC 8252 §8.3", Level::kShould,
          before_exchange || c.after_visit_at_most.count() <= 2000,
          std::string(c.application_owned ? "the application's redirect listener" : "the redirect listener") +
              " closed " + when);
    }
  }

  void Urls() {
    bool secret_in_url = false;
    bool token_in_query = false;
    int header_calls = 0;
    int api_calls = 0;
    for (auto const& run : o_.runs) {
      for (auto const& r : run.journal) {
        if (r.HasQuery("client_secret")) secret_in_url = true;
        if (IsApiPath(r.path)) {
          ++api_calls;
          if (r.HasQuery("access_token")) token_in_query = true;
          if (r.auth_scheme == "Bearer") ++header_calls;
        }
      }
    }
    Add("secret_not_in_url", "RFC 6749 §2.3.1", Level::kMust, !secret_in_url,
        secret_in_url ? "client_secret was sent in a URL query" : "client_secret never in a URL");
    if (api_calls > 0) {
      Add("token_in_header", "RFC 6750 §2.3, RFC 9700 §4.3.2", Level::kMust, !token_in_query,
          token_in_query ? "an API request carried access_token in its query"
                         : std::to_string(header_calls) + " of " + std::to_string(api_calls) +
                               " API requests with Authorization: Bearer, none with the token in the query");
    }
  }

  void CodeOnce() {
    bool const reused = HasViolation(o_, "reused_code");
    if (reused || !TokenRequestsAllRuns("authorization_code").empty()) {
      Add("code_once", "RFC 6749 §4.1.2, §10.5", Level::kMust, !reused,
          reused ? "an authorization code was redeemed twice (the fake revoked its tokens)"
                 : "each authorization code redeemed once");
    }
  }

  int Successes(std::vector<SeenRequest> const& requests) const {
    return static_cast<int>(std::count_if(requests.begin(), requests.end(),
                                          [](SeenRequest const& r) { return r.status == 200; }));
  }

  bool DriveAnswered(RunObservation const& run) const {
    return std::any_of(run.journal.begin(), run.journal.end(), [](SeenRequest const& r) {
      return r.path.rfind("/drive/", 0) == 0 && r.status == 200 && r.auth_scheme == "Bearer";
    });
  }

  void ScenarioBehaviour() {
    auto const& name = o_.scenario.name;
    auto const& run = Graded();
    if (name == "happy" || name == "paste") {
      bool const ok = run.app.exit_code == 0 && DriveAnswered(run);
      Add("happy_path", "Google: OAuth 2.0 for installed apps", Level::kMust, ok,
          "the application " + ExitText(run.app) +
              (DriveAnswered(run) ? "; Drive answered its call" : "; no Drive call was answered"));
    } else if (name == "denied") {
      auto const exchanges = TokenRequests(run, "");
      Add("no_token_after_denial", "RFC 6749 §4.1.2.1", Level::kMust, exchanges.empty(),
          exchanges.empty() ? "no token request after access_denied"
                            : std::to_string(exchanges.size()) + " token request(s) after access_denied");
      bool const says = Lower(run.app.output_tail).find("denied") != std::string::npos;
      Add("reports_denial", "RFC 6749 §4.1.2.1", Level::kShould, run.app.exit_code != 0 && says,
          "the application " + ExitText(run.app) + (says ? " and said the access was denied"
                                                         : " without saying the access was denied"));
    } else if (name == "forged-callback" || name == "paste-forged") {
      if (!o_.forged_code_probe) {
        Add("forged_code_rejected", "RFC 6749 §10.12, RFC 9700 §4.7.1", Level::kMust, false,
            "the forged callback could not be played (no forged code)");
        return;
      }
      bool const redeemed = o_.forged_code_probe->error == "invalid_grant" &&
                            o_.forged_code_probe->error_description == "Bad Request";
      Add("forged_code_rejected", "RFC 6749 §10.12, RFC 9700 §4.7.1", Level::kMust, !redeemed,
          redeemed ? "the application exchanged the code of a callback whose state it had not sent"
                   : "the forged callback's code was never exchanged");
    } else if (name == "expired-token" || name == "revoked-refresh-token") {
      Lifecycle(run, name == "expired-token");
    } else if (name == "token-503") {
      auto const tries = TokenRequests(run, "");
      Add("retries_bounded", "RFC 9110 §15.6.4; Google: exponential backoff", Level::kMust,
          tries.size() <= 5, std::to_string(tries.size()) + " token request(s) for 2 answers of 503");
      Spacing(tries);
      Add("recovers_after_503", "Google: exponential backoff", Level::kShould,
          Successes(tries) > 0 && run.app.exit_code == 0,
          Successes(tries) > 0 ? "a retry succeeded; the application " + ExitText(run.app)
                               : "no retry succeeded; the application " + ExitText(run.app));
    } else if (name == "token-429") {
      auto const tries = TokenRequests(run, "");
      RetryAfter(tries);
    } else if (IsDevice()) {
      Device(run);
    } else if (name == "oob-blocked") {
      bool const exchanged = !TokenRequests(run, "").empty();
      bool const handled = !run.app.timed_out && run.app.exit_code != 0 && !exchanged;
      Add("oob_blocked_handled", "Google: OOB flow migration (blocked since 2023-01-31)", Level::kMust, handled,
          "the browser showed \"Error 400: invalid_request\" (OOB blocked); the application " +
              ExitText(run.app) + (exchanged ? " after a token request" : ""));
      auto const output = Lower(run.app.output_tail);
      bool const says = output.find("out-of-band") != std::string::npos ||
                        output.find("oob") != std::string::npos ||
                        output.find("loopback") != std::string::npos;
      Add("oob_blocked_explained", "Google: OOB flow migration", Level::kShould, says,
          says ? "its output names the OOB block or the loopback mode"
               : "its output says nothing of OOB being blocked or of the loopback mode");
    } else if (name == "slow-token") {
      bool const own = !run.app.timed_out;
      Add("gives_up_on_slow_token_endpoint", "every wait has a deadline", Level::kMust, own,
          own ? "the application gave up on its own: it " + ExitText(run.app)
              : "the application " + ExitText(run.app) + " while the token endpoint was silent");
    }
  }

  // RFC 8628 §3.2: `interval` is the least time between polls (the fake sends Google's 5 s);
  // §3.5: each slow_down adds 5 s "for this and all subsequent requests". Gaps are measured
  // between the fake's answers, so an application that waits from the answer it got is never
  // short; 50 ms allows for the clocks' granularity.
  void Device(RunObservation const& run) {
    auto const polls = TokenRequests(run, kDeviceCodeGrant);
    auto const& name = o_.scenario.name;
    if (polls.empty()) {
      Add("device_polled", "RFC 8628 §3.4", Level::kMust, false,
          "the application never polled the token endpoint with its device code (it " + ExitText(run.app) + ")");
      return;
    }
    if (!run.device_user_code.empty()) {
      bool const shown = run.app.output_tail.find(run.device_user_code) != std::string::npos;
      Add("device_code_shown", "RFC 8628 §3.3", Level::kShould, shown,
          shown ? "the application showed the user code" : "the user code is not in the application's output");
    }
    bool const slow_down_first = !o_.scenario.faults.empty() && o_.scenario.faults.front().error == "slow_down";
    constexpr std::int64_t kSlack = 50;
    std::int64_t interval = 5000;
    std::int64_t shortest_pending_gap = -1;
    std::string slow_down_seen;
    bool slow_down_ok = true;
    for (std::size_t i = 1; i < polls.size(); ++i) {
      // The fake's clock jumped 31 minutes before the poll that got expired_token.
      if (name == "device-expired" && polls[i].status == 400) continue;
      auto const gap = polls[i].epoch_ms - polls[i - 1].epoch_ms;
      // The fake answers slow_down and access_denied with 403; the person denies only in
      // device-denied (whose later polls are graded below), so elsewhere a 403 is slow_down.
      bool const slowed = polls[i - 1].status == 403 && name != "device-denied";
      if (slowed) {
        interval += 5000;
        bool const ok = gap + kSlack >= interval;
        slow_down_ok = slow_down_ok && ok;
        slow_down_seen = "the poll after slow_down came " + std::to_string(gap) + " ms later (at least " +
                         std::to_string(interval) + " ms expected)";
      } else if (polls[i - 1].status == 428 && (shortest_pending_gap < 0 || gap < shortest_pending_gap)) {
        shortest_pending_gap = gap;
      }
    }
    if (shortest_pending_gap >= 0) {
      Add("device_interval_honoured", "RFC 8628 §3.2, §3.5", Level::kShould, shortest_pending_gap + kSlack >= 5000,
          "shortest gap between polls " + std::to_string(shortest_pending_gap) + " ms (interval 5 s)");
    }
    if (slow_down_first) {
      if (slow_down_seen.empty()) slow_down_seen = "the application did not poll again after slow_down";
      Add("slow_down_honoured", "RFC 8628 §3.5", Level::kMust, slow_down_ok && polls.size() > 1, slow_down_seen);
    } else if (!slow_down_ok) {
      Add("slow_down_honoured", "RFC 8628 §3.5", Level::kMust, false, slow_down_seen);
    }
    if (name == "device" || name == "device-slow-down") {
      bool const ok = run.app.exit_code == 0 && DriveAnswered(run);
      Add("happy_path", "Google: OAuth 2.0 for TV and limited-input devices", Level::kMust, ok,
          "the application " + ExitText(run.app) +
              (DriveAnswered(run) ? "; Drive answered its call" : "; no Drive call was answered"));
      return;
    }
    // The final answer: access_denied (403) or expired_token (400) after the person acted.
    bool const denied = name == "device-denied";
    int const final_status = denied ? 403 : 400;
    auto const final = std::find_if(polls.begin(), polls.end(),
                                    [&](SeenRequest const& r) { return r.status == final_status; });
    std::string const error = denied ? "access_denied" : "expired_token";
    if (final == polls.end()) {
      Add(denied ? "stops_on_access_denied" : "stops_on_expired_token", "RFC 8628 §3.5", Level::kMust, false,
          "the application never polled after the code was " + std::string(denied ? "denied" : "expired") +
              " (it " + ExitText(run.app) + ")");
      return;
    }
    auto const after = polls.end() - final - 1;
    Add(denied ? "stops_on_access_denied" : "stops_on_expired_token", "RFC 8628 §3.5", Level::kMust, after == 0,
        std::to_string(after) + " poll(s) after " + error);
    if (denied) {
      bool const says = Lower(run.app.output_tail).find("denied") != std::string::npos ||
                        Lower(run.app.output_tail).find("declined") != std::string::npos;
      Add("reports_denial", "RFC 8628 §3.5", Level::kShould, run.app.exit_code != 0 && says,
          "the application " + ExitText(run.app) + (says ? " and said the access was denied"
                                                         : " without saying the access was denied"));
    } else {
      auto const codes = std::count_if(run.journal.begin(), run.journal.end(), IsDeviceCodeRequest);
      Add("no_new_code_unasked", "RFC 8628 §3.5", Level::kShould, codes == 1 && run.app.exit_code != 0,
          std::to_string(codes) + " device code request(s); the application " + ExitText(run.app));
    }
  }

  void Lifecycle(RunObservation const& run, bool expired) {
    bool const signed_in_again = !AuthorizationRequests(o_, run).empty();
    auto const refreshes = TokenRequests(run, "refresh_token");
    if (signed_in_again && refreshes.empty()) {
      Add(expired ? "refresh_once" : "no_invalid_grant_retry", "RFC 6749 §6", Level::kShould, false,
          "the second run signed in again instead of using stored credentials (none kept?)");
      return;
    }
    if (expired) {
      Add("refresh_once", "RFC 6749 §6", Level::kMust, refreshes.size() == 1,
          std::to_string(refreshes.size()) + " refresh request(s) for one expired access token");
      Add("api_after_refresh", "RFC 6749 §6", Level::kShould, DriveAnswered(run) && run.app.exit_code == 0,
          DriveAnswered(run) ? "Drive answered the call with the refreshed token"
                             : "no Drive call succeeded after the refresh; the application " + ExitText(run.app));
    } else {
      int invalid = 0;
      for (auto const& r : refreshes) invalid += r.status == 400 ? 1 : 0;
      Add("no_invalid_grant_retry", "RFC 6749 §5.2", Level::kMust, refreshes.size() <= 1,
          std::to_string(refreshes.size()) + " refresh request(s), " + std::to_string(invalid) +
              " answered invalid_grant");
      Add("reports_sign_in_needed", "RFC 6749 §5.2", Level::kShould, run.app.exit_code != 0,
          "the application " + ExitText(run.app) + " after invalid_grant");
    }
  }

  void Spacing(std::vector<SeenRequest> const& tries) {
    if (tries.size() < 2 || tries.front().status < 500) return;
    std::int64_t shortest = -1;
    for (std::size_t i = 1; i < tries.size(); ++i) {
      if (tries[i - 1].status < 500) continue;  // not a retry of a 5xx
      auto const gap = tries[i].epoch_ms - tries[i - 1].epoch_ms;
      if (shortest < 0 || gap < shortest) shortest = gap;
    }
    Add("retries_spaced", "RFC 9110 §15.6.4; Google: exponential backoff", Level::kShould, shortest >= 250,
        "shortest gap between token requests " + std::to_string(shortest) + " ms (at least 250 expected)");
  }

  void RetryAfter(std::vector<SeenRequest> const& tries) {
    if (tries.empty() || tries.front().status != 429) return;
    if (tries.size() == 1) {
      Add("retry_after_honoured", "RFC 6585 §4, RFC 9110 §10.2.3", Level::kShould, false,
          "the application did not ask again after 429 with Retry-After: 2");
      return;
    }
    auto const gap = tries[1].epoch_ms - tries[0].epoch_ms;
    Add("retry_after_honoured", "RFC 6585 §4, RFC 9110 §10.2.3", Level::kShould, gap >= 2000,
        "asked again " + std::to_string(gap) + " ms after 429 with Retry-After: 2");
  }

  ScenarioObservation const& o_;
  std::vector<CheckResult> results_;
};

}  // namespace

std::vector<CheckResult> GradeScenario(ScenarioObservation const& observation) {
  return Grader(observation).Grade();
}

std::vector<CheckResult> GradeAcrossScenarios(std::vector<ScenarioObservation> const& observations) {
  std::vector<std::string> states;
  std::vector<std::string> challenges;
  for (auto const& o : observations) {
    for (auto const& r : AllAuthorizationRequests(o)) {
      if (!Param(r, "state").empty()) states.push_back(Param(r, "state"));
      if (!Param(r, "code_challenge").empty()) challenges.push_back(Param(r, "code_challenge"));
    }
  }
  std::vector<CheckResult> results;
  auto const add = [&](std::string id, std::string rule, std::vector<std::string> const& values,
                       std::string const& what) {
    if (values.size() < 2) return;
    std::set<std::string> distinct(values.begin(), values.end());
    CheckResult result;
    result.scenario = "all";
    result.id = std::move(id);
    result.rule = std::move(rule);
    result.level = Level::kMust;
    result.verdict = distinct.size() == values.size() ? Verdict::kPass : Verdict::kFail;
    result.seen = std::to_string(distinct.size()) + " distinct " + what + " in " +
                  std::to_string(values.size()) + " authorization requests";
    results.push_back(std::move(result));
  };
  add("state_unique", "RFC 6749 §10.12, RFC 9700 §2.1", states, "state values");
  // The challenge is a hash of the verifier: distinct challenges, distinct verifiers.
  add("verifier_unique", "RFC 7636 §4.1", challenges, "code challenges");
  return results;
}

bool Passed(std::vector<CheckResult> const& results) {
  return std::none_of(results.begin(), results.end(),
                      [](CheckResult const& r) { return r.verdict == Verdict::kFail; });
}

std::string LevelName(Level level) { return level == Level::kMust ? "MUST" : "SHOULD"; }

std::string VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kPass: return "PASS";
    case Verdict::kFail: return "FAIL";
    case Verdict::kWarn: return "WARN";
  }
  return "FAIL";
}

}  // namespace gauthflow::mockserver::conformance
