#include "login_flow.h"

#include <atomic>
#include <memory>
#include <optional>
#include <utility>

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include "gauthflow/browser/scripted_browser.h"
#include "gauthflow/device_flow.h"
#include "gauthflow/scopes.h"
#include "stored_credentials.h"
#include "time_format.h"

namespace gauthflow::cli {
namespace {

// A clock that can be told to give up: once aborted, every Now() is 1000 h later than the one
// before, so whatever waits on it (the loopback receiver, the device-flow poll) reaches its
// deadline at its next look. Used when the scripted browser ends on an error page: no redirect
// will ever come, and the page's error is the one to report.
class AbortableClock : public Clock {
 public:
  explicit AbortableClock(Clock& inner) : inner_(inner) {}
  time_point Now() override {
    if (!aborted_) return inner_.Now();
    return inner_.Now() + std::chrono::hours(1000) * ++jumps_;
  }
  void SleepFor(duration d) override {
    if (!aborted_) inner_.SleepFor(d);
  }
  void Abort() { aborted_ = true; }

 private:
  Clock& inner_;
  std::atomic<bool> aborted_{false};
  std::atomic<long> jumps_{0};
};

// --no-browser: nothing is opened, and OOB auto falls back to asking for the code.
class NoBrowser : public BrowserLauncher {
 public:
  Status Open(std::string const&) override { return {}; }
  Result<std::string> WaitForPageTitle(Clock::time_point) override {
    return MakeError(ErrorCode::kUnsupported, "no browser is used (--no-browser)");
  }
};

std::string FindUrl(std::string_view text) {
  for (std::string_view scheme : {"https://", "http://"}) {
    auto const pos = text.find(scheme);
    if (pos == std::string_view::npos) continue;
    auto end = pos;
    while (end < text.size() && text[end] != ' ' && text[end] != '\n' && text[end] != '\t') {
      ++end;
    }
    return std::string(text.substr(pos, end - pos));
  }
  return {};
}

std::string QueryParameter(std::string const& url, std::string const& name) {
  try {
    for (auto const& [key, value] : Poco::URI(url).getQueryParameters()) {
      if (key == name) return value;
    }
  } catch (Poco::Exception const&) {
  }
  return {};
}

// The code in an OOB result title: "Success code=CODE" or "Success state=...&code=...".
std::string CodeFromTitle(std::string const& title) {
  auto const query = title.substr(title.find(' ') + 1);
  return QueryParameter("http://x/?" + query, "code");
}

// The flow's console for one sign-in: remembers the authorization URL it shows, shows the wait
// for the loopback redirect, and with the scripted browser answers the prompts as the person
// would (the code from the OOB page; the address the browser ended on for paste mode).
class LoginConsole : public Console {
 public:
  LoginConsole(Context& ctx, LoginMode mode, std::chrono::seconds timeout,
               ScriptedBrowser* scripted)
      : ctx_(ctx), mode_(mode), timeout_(timeout), scripted_(scripted) {}

  void Print(std::string_view text) override {
    ctx_.console().Print(text);
    if (!url_.empty()) return;
    url_ = FindUrl(text);
    if (url_.empty()) return;
    redirect_uri_ = QueryParameter(url_, "redirect_uri");
    if (mode_ == LoginMode::kLoopback) {
      ctx_.console().BeginWait("the browser to return to " + redirect_uri_,
                               ctx_.deps().clock.Now() + timeout_);
    }
  }

  Result<std::string> ReadLine(std::string_view prompt) override {
    if (!scripted_) {
      auto line = ctx_.console().ReadLine(prompt);
      if (!line && (mode_ == LoginMode::kOob || mode_ == LoginMode::kOobAuto)) {
        return MakeError(ErrorCode::kMissingCode,
                         "no authorization code was entered. If the browser showed \"Error 400: "
                         "invalid_request\" about the out-of-band (OOB) flow, Google blocked "
                         "OOB for this client: use --mode loopback (or --mode paste)");
      }
      if (!line && mode_ == LoginMode::kPaste) {
        return MakeError(ErrorCode::kMissingCode, "no redirect URL was pasted");
      }
      return line;
    }
    if (mode_ == LoginMode::kPaste) {
      // The flow never opens a browser in paste mode (it would be on another machine): the
      // scripted person opens the URL "elsewhere" now.
      if (auto opened = scripted_->Open(url_); !opened) return tl::unexpected(opened.error());
    }
    auto visit = scripted_->WaitForVisit();
    if (!visit) return MakeError(ErrorCode::kMissingCode, "the scripted browser opened nothing");
    if (auto shown = ErrorShownBy(*visit)) return tl::unexpected(*shown);
    std::string answer;
    if (mode_ == LoginMode::kPaste) {
      answer = visit->address;
      ctx_.console().Print(std::string(prompt) +
                           "[the scripted browser pastes the address it ended on]\n");
      return answer;
    }
    if (visit->title.rfind("Denied ", 0) == 0) {
      answer = QueryParameter("http://x/?" + visit->title.substr(7), "error");
      return MakeError(answer == "access_denied" ? ErrorCode::kAccessDenied
                                                 : ErrorCode::kAuthorizationError,
                       "the page says \"Denied error=" + answer + "\"");
    }
    answer = CodeFromTitle(visit->title);
    if (answer.empty()) {
      if (visit->load_error) return tl::unexpected(*visit->load_error);
      return MakeError(ErrorCode::kMissingCode,
                       "the browser ended on \"" + visit->title + "\", which shows no code");
    }
    ctx_.console().Print(std::string(prompt) +
                         "[the scripted browser pastes the code from the page]\n");
    return answer;
  }

  std::string const& redirect_uri() const { return redirect_uri_; }

 private:
  Context& ctx_;
  LoginMode const mode_;
  std::chrono::seconds const timeout_;
  ScriptedBrowser* const scripted_;
  std::string url_;
  std::string redirect_uri_;
};

std::unique_ptr<ScriptedBrowser> MakeScriptedBrowser(Context& ctx, HttpClient& http,
                                                     LoginFlowInput const& input,
                                                     AbortableClock& clock,
                                                     std::string const& user_code) {
  BrowserScript script;
  script.allow = input.options.scripted_browser->allow;
  script.account = input.options.scripted_browser->account;
  script.user_code = user_code;
  bool const loopback_wait = input.options.redirect.mode == LoginMode::kLoopback ||
                             input.options.redirect.mode == LoginMode::kDevice;
  bool const narrate = input.narrate_browser;
  return std::make_unique<ScriptedBrowser>(
      http, script, [&ctx, &clock, loopback_wait, narrate](BrowserVisit const& visit) {
        if (narrate) {
          for (auto const& step : visit.steps) ctx.Note("  [browser] " + step);
        }
        // Nothing will reach the listener (or approve the device code) after an error page or
        // a page that failed to load: stop waiting now.
        if (loopback_wait && (ErrorShownBy(visit) || visit.load_error)) clock.Abort();
      });
}

// The error to report when the flow failed while the scripted browser was on an error page:
// the page's error explains the failure; the flow only saw a timeout or a missing answer.
Error PreferPageError(Error error, ScriptedBrowser* scripted) {
  if (!scripted) return error;
  auto visit = scripted->WaitForVisit();
  if (!visit) return error;
  if (auto shown = ErrorShownBy(*visit)) return *shown;
  if (visit->load_error && error.code == ErrorCode::kTimeout) {
    Error failed = *visit->load_error;
    failed.message = "the browser could not load " + visit->address + ": " + failed.message;
    return failed;
  }
  return error;
}

FlowOptions MakeFlowOptions(Context& ctx, LoginOptions const& options, bool browser) {
  FlowOptions flow;
  flow.scopes = options.scopes;
  flow.prompt = options.prompt;
  flow.login_hint = options.login_hint;
  flow.open_browser = browser;
  flow.timeout = options.redirect.timeout;
  flow.authorization_prompt_message =
      browser ? "Opening the browser to sign in. If it does not open, visit this URL:\n    {url}"
              : "Open this URL in a browser to sign in:\n    {url}";
  flow.success_message =
      "You are signed in to gauthflow. You may close this window and return to the terminal.";
  flow.retry = ctx.retry();
  flow.allow_insecure_transport = ctx.global().allow_insecure_transport;
  return flow;
}

Result<FlowResult> RunDevice(Context& ctx, HttpClient& http, LoginFlowInput const& input,
                             AbortableClock& clock, FailureContext& failure) {
  auto const& options = input.options;
  auto const& endpoints = input.endpoints;
  if (auto ok = CheckTransportSecurity(endpoints.device, "device authorization endpoint",
                                       ctx.global().allow_insecure_transport);
      !ok) {
    return tl::unexpected(ok.error());
  }
  TokenClient client(http, clock, ctx.TokenClientConfigFor(endpoints.token, input.secrets.client_id,
                                                          input.secrets.client_secret));
  DeviceFlow device(client, clock, endpoints.device);
  auto const scopes = ExpandScopes(options.scopes);
  auto code = device.RequestCode(scopes);
  if (!code) return tl::unexpected(code.error());
  ctx.Note("To sign in, open " + code->verification_url + " on any device and enter the code " +
           code->user_code);

  std::unique_ptr<ScriptedBrowser> scripted;
  if (options.scripted_browser) {
    scripted = MakeScriptedBrowser(ctx, http, input, clock, code->user_code);
    (void)scripted->Open(code->verification_url);
  }
  ctx.console().BeginWait("approval of the code " + code->user_code,
                          ctx.deps().clock.Now() + (code->expiry - clock.Now()));
  auto token = device.PollForToken(*code);
  ctx.console().EndWait();
  if (!token) {
    failure.timeout = std::chrono::duration_cast<std::chrono::seconds>(code->expiry - clock.Now());
    return tl::unexpected(PreferPageError(token.error(), scripted.get()));
  }
  FlowResult result;
  auto& credentials = result.credentials;
  credentials.access_token = token->access_token;
  credentials.expiry = token->expiry;
  credentials.refresh_token = token->refresh_token;
  credentials.scopes = token->scopes.empty() ? scopes : token->scopes;
  credentials.token_uri = endpoints.token;
  credentials.client_id = input.secrets.client_id;
  credentials.client_secret = input.secrets.client_secret;
  credentials.id_token = token->id_token;
  result.missing_scopes = MissingScopes(scopes, credentials.scopes);
  result.refresh_token_missing = !credentials.refresh_token.has_value();
  return result;
}

}  // namespace

Result<FlowResult> RunLoginFlow(Context& ctx, HttpClient& http, LoginFlowInput const& input,
                                FailureContext& failure) {
  auto const& options = input.options;
  failure.stage = Stage::kLogin;
  failure.mode = options.redirect.mode;
  failure.timeout = options.redirect.timeout;
  failure.scripted_browser = options.scripted_browser.has_value();

  AbortableClock clock(ctx.deps().clock);
  if (options.redirect.mode == LoginMode::kDevice) {
    return RunDevice(ctx, http, input, clock, failure);
  }

  std::unique_ptr<ScriptedBrowser> scripted;
  NoBrowser no_browser;
  BrowserLauncher* browser = &ctx.deps().system_browser;
  if (options.scripted_browser) {
    scripted = MakeScriptedBrowser(ctx, http, input, clock, "");
    browser = scripted.get();
  } else if (!options.open_browser) {
    browser = &no_browser;
  }
  LoginConsole console(ctx, options.redirect.mode, options.redirect.timeout, scripted.get());
  auto receiver = ctx.deps().make_receiver(clock);
  InstalledAppFlow flow(input.secrets, input.endpoints,
                        InstalledAppFlow::Dependencies{http, *browser, *receiver, clock, console});
  auto const flow_options = MakeFlowOptions(ctx, options, scripted || options.open_browser);

  RedirectMode mode = options.redirect.loopback;
  switch (options.redirect.mode) {
    case LoginMode::kOob: mode = OobRedirect{}; break;
    case LoginMode::kOobAuto: mode = OobAutoRedirect{}; break;
    case LoginMode::kPaste: mode = PasteRedirect{options.redirect.loopback}; break;
    default: break;
  }
  auto result = flow.Run(mode, flow_options);
  ctx.console().EndWait();
  failure.redirect_uri = console.redirect_uri();
  if (failure.redirect_uri.empty() && options.redirect.mode == LoginMode::kLoopback) {
    if (auto uri = LoopbackRedirectUri(options.redirect.loopback,
                                       options.redirect.loopback.port == 0
                                           ? 1
                                           : options.redirect.loopback.port)) {
      failure.redirect_uri = *uri;
    }
  }
  if (!result) return tl::unexpected(PreferPageError(result.error(), scripted.get()));
  return result;
}

void ReportLogin(Context& ctx, FlowResult const& result, std::string const& stored_at) {
  auto const& credentials = result.credentials;
  auto const email = credentials.id_token ? EmailFromIdToken(*credentials.id_token) : "";
  ctx.Note("Signed in" + (email.empty() ? std::string() : " as " + email) + ".");
  if (!stored_at.empty()) ctx.Note("Credentials saved to " + stored_at);
  ctx.Note("Granted scopes: " + JoinScopes(credentials.scopes));
  if (!result.missing_scopes.empty()) {
    ctx.Note("warning: these scopes were not granted: " + JoinScopes(result.missing_scopes) +
             "; calls that need them will fail with permission denied");
  }
  if (result.refresh_token_missing) {
    std::string until;
    if (credentials.expiry) until = " (" + FormatRfc3339(*credentials.expiry) + ")";
    ctx.Note("warning: Google sent no refresh token (it sends one at the first consent for this "
             "client, or with prompt=consent), so these credentials stop working when the "
             "access token expires" + until + "; gauthflow status says so. To get one: "
             "gauthflow login --prompt consent");
  }
}

}  // namespace gauthflow::cli
