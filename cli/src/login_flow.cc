#include "login_flow.h"

#include <memory>
#include <optional>
#include <utility>

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include "gauthflow/authorization_response.h"
#include "gauthflow/browser/scripted_browser.h"
#include "gauthflow/cancellation.h"
#include "gauthflow/cli/interrupt.h"
#include "gauthflow/flow_observer.h"
#include "gauthflow/scopes.h"
#include "stored_credentials.h"
#include "time_format.h"

namespace gauthflow::cli {
namespace {

// --no-browser: nothing is opened, and OOB auto falls back to asking for the code.
class NoBrowser : public BrowserLauncher {
 public:
  Status Open(std::string const&) override { return {}; }
  Result<std::string> WaitForPageTitle(Clock::time_point, CancellationToken const*) override {
    return MakeError(ErrorCode::kUnsupported, "no browser is used (--no-browser)");
  }
};

// The state the authorization URL carries: what the OOB page's title must echo.
std::string StateOf(std::string const& authorization_url) {
  try {
    for (auto const& [key, value] : Poco::URI(authorization_url).getQueryParameters()) {
      if (key == "state") return value;
    }
  } catch (Poco::Exception const&) {
  }
  return {};
}

// The scripted person of --scripted-browser, for the demo and the end-to-end tests: the
// browser that plays the user, and what to do when it ends on an error page.
class ScriptedPerson {
 public:
  ScriptedPerson(Context& ctx, HttpClient& http, LoginFlowInput const& input,
                 CancellationToken& cancel)
      : ctx_(ctx), http_(http), input_(input), cancel_(cancel) {}

  // The browser, once Start has made it; nullptr before.
  ScriptedBrowser* browser() { return browser_.get(); }

  // `user_code` is typed into a device verification page (empty for the redirect modes).
  ScriptedBrowser& Start(std::string const& user_code) {
    BrowserScript script;
    script.allow = input_.options.scripted_browser->allow;
    script.account = input_.options.scripted_browser->account;
    script.user_code = user_code;
    bool const flow_waits = input_.options.redirect.mode == LoginMode::kLoopback ||
                            input_.options.redirect.mode == LoginMode::kDevice;
    browser_ = std::make_unique<ScriptedBrowser>(
        http_, script,
        [this, flow_waits, narrate = input_.narrate_browser](BrowserVisit const& visit) {
          if (narrate) {
            for (auto const& step : visit.steps) ctx_.Note("  [browser] " + step);
          }
          // Nothing will reach the listener (or approve the device code) after an error page
          // or a page that failed to load: stop the flow's wait now.
          if (flow_waits && (ErrorShownBy(visit) || visit.load_error)) cancel_.Cancel();
        });
    return *browser_;
  }

  // The error to report when the flow failed while the browser was on an error page: the
  // page's error explains the failure; the flow only saw its wait cancelled (or timing out)
  // or a missing answer.
  Error PreferPageError(Error error) {
    if (!browser_) return error;
    auto visit = browser_->WaitForVisit();
    if (!visit) return error;
    if (auto shown = ErrorShownBy(*visit)) return *shown;
    if (visit->load_error &&
        (error.code == ErrorCode::kTimeout || error.code == ErrorCode::kCancelled)) {
      Error failed = *visit->load_error;
      failed.message = "the browser could not load " + visit->address + ": " + failed.message;
      return failed;
    }
    return error;
  }

 private:
  Context& ctx_;
  HttpClient& http_;
  LoginFlowInput const& input_;
  CancellationToken& cancel_;
  std::unique_ptr<ScriptedBrowser> browser_;
};

// What the CLI makes of the flow's progress: the status line while the flow waits, the URL and
// redirect URI it sent (for the scripted person and for Explain) and, with --scripted-browser
// in device mode, a browser that enters the code.
class LoginObserver : public FlowObserver {
 public:
  LoginObserver(Context& ctx, LoginMode mode, ScriptedPerson* person)
      : ctx_(ctx), mode_(mode), person_(person) {}

  void OnAuthorizationUrl(std::string const& url, std::string const& redirect_uri) override {
    url_ = url;
    redirect_uri_ = redirect_uri;
  }
  void OnWaitingUntil(Clock::time_point deadline, std::string const& what) override {
    wait_ = std::chrono::duration_cast<std::chrono::seconds>(deadline - ctx_.deps().clock.Now());
    // OOB auto's wait for the page title ends at once with a browser that cannot report
    // titles; the prompt that follows says what to do, so no status line for it.
    if (mode_ != LoginMode::kOobAuto) ctx_.console().BeginWait(what, deadline);
  }
  void OnWaitEnded() override { ctx_.console().EndWait(); }
  void OnDeviceCode(std::string const& user_code, std::string const& verification_url,
                    std::optional<std::string> const&, Clock::time_point) override {
    // The flow has printed the code; the scripted person goes to the page and types it.
    if (person_) (void)person_->Start(user_code).Open(verification_url);
  }
  void OnForgedCallbackRefused(int refused, std::string_view reason) override {
    ctx_.Note("warning: refused a callback to " + redirect_uri_ + " that does not belong to " +
              "this sign-in (" + std::string(reason) + "; " + std::to_string(refused) +
              " so far): forged, or from an earlier attempt. Still waiting.");
  }

  std::string const& url() const { return url_; }
  std::string const& redirect_uri() const { return redirect_uri_; }
  // How long the last wait was given, 0 before any.
  std::chrono::seconds wait() const { return wait_; }

 private:
  Context& ctx_;
  LoginMode const mode_;
  ScriptedPerson* const person_;
  std::string url_;
  std::string redirect_uri_;
  std::chrono::seconds wait_{0};
};

// The flow's console for one sign-in: prints what the flow prints, reads what the person types
// and, with the scripted browser, answers the prompts as the person would: the code from the
// OOB page, the address the browser ended on for paste mode.
class LoginConsole : public Console {
 public:
  LoginConsole(Context& ctx, LoginMode mode, LoginObserver const& observer,
               ScriptedBrowser* scripted)
      : ctx_(ctx), mode_(mode), observer_(observer), scripted_(scripted) {}

  void Print(std::string_view text) override { ctx_.console().Print(text); }

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
      if (auto opened = scripted_->Open(observer_.url()); !opened) {
        return tl::unexpected(opened.error());
      }
    }
    auto visit = scripted_->WaitForVisit();
    if (!visit) return MakeError(ErrorCode::kMissingCode, "the scripted browser opened nothing");
    if (auto shown = ErrorShownBy(*visit)) return tl::unexpected(*shown);
    if (mode_ == LoginMode::kPaste) {
      ctx_.console().Print(std::string(prompt) +
                           "[the scripted browser pastes the address it ended on]\n");
      return visit->address;
    }
    // The person reads the code off the page; its title says it as OOB auto's does.
    auto parsed = ParseOobAutoTitle(visit->title, StateOf(observer_.url()));
    if (!parsed && parsed.error().code == ErrorCode::kUnexpectedResponse) {
      if (visit->load_error) return tl::unexpected(*visit->load_error);
      return MakeError(ErrorCode::kMissingCode,
                       "the browser ended on a page that shows no code (" +
                           parsed.error().message + ")");
    }
    if (!parsed) return tl::unexpected(parsed.error());
    ctx_.console().Print(std::string(prompt) +
                         "[the scripted browser pastes the code from the page]\n");
    return parsed->code;
  }

 private:
  Context& ctx_;
  LoginMode const mode_;
  LoginObserver const& observer_;
  ScriptedBrowser* const scripted_;
};

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

RedirectMode FlowModeFor(RedirectOptions const& redirect) {
  switch (redirect.mode) {
    case LoginMode::kLoopback: return redirect.loopback;
    case LoginMode::kOob: return OobRedirect{};
    case LoginMode::kOobAuto: return OobAutoRedirect{};
    case LoginMode::kPaste: return PasteRedirect{redirect.loopback};
    case LoginMode::kDevice: return DeviceGrant{};
  }
  return redirect.loopback;
}

}  // namespace

Result<FlowResult> RunLoginFlow(Context& ctx, HttpClient& http, LoginFlowInput const& input,
                                FailureContext& failure) {
  auto const& options = input.options;
  failure.stage = Stage::kLogin;
  failure.mode = options.redirect.mode;
  failure.timeout = options.redirect.timeout;
  failure.scripted_browser = options.scripted_browser.has_value();

  CancellationToken cancel;
  InterruptCancels interrupt(cancel);  // Ctrl-C ends the wait, the listener is released
  std::optional<ScriptedPerson> person;
  if (options.scripted_browser) person.emplace(ctx, http, input, cancel);
  bool const device = options.redirect.mode == LoginMode::kDevice;

  NoBrowser no_browser;
  BrowserLauncher* browser = &ctx.deps().system_browser;
  if (person && !device) {
    browser = &person->Start("");
  } else if (!options.open_browser || device) {
    browser = &no_browser;  // the device grant opens nothing here: the person uses another device
  }
  LoginObserver observer(ctx, options.redirect.mode, person ? &*person : nullptr);
  LoginConsole console(ctx, options.redirect.mode, observer,
                       person ? person->browser() : nullptr);
  auto receiver = ctx.deps().make_receiver(ctx.deps().clock);
  InstalledAppFlow flow(input.secrets, input.endpoints,
                        InstalledAppFlow::Dependencies{.http = http,
                                                       .browser = *browser,
                                                       .receiver = *receiver,
                                                       .clock = ctx.deps().clock,
                                                       .console = console,
                                                       .observer = &observer,
                                                       .cancellation = &cancel});
  auto const flow_options = MakeFlowOptions(ctx, options, person || options.open_browser);

  auto result = flow.Run(FlowModeFor(options.redirect), flow_options);
  ctx.console().EndWait();
  failure.redirect_uri = observer.redirect_uri();
  if (device && observer.wait().count() > 0) failure.timeout = observer.wait();
  if (result) return result;
  if (interrupt.interrupted()) {
    return MakeError(ErrorCode::kCancelled, "the sign-in was interrupted (" +
                                                result.error().message + ")");
  }
  return tl::unexpected(person ? person->PreferPageError(result.error()) : result.error());
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
