#include "gauthflow/installed_app_flow.h"

#include <optional>
#include <string>
#include <utility>

#include "gauthflow/authorization_request.h"
#include "gauthflow/authorization_response.h"
#include "gauthflow/device_flow.h"
#include "gauthflow/pkce.h"
#include "gauthflow/scopes.h"

namespace gauthflow {
namespace {

// Releases the loopback listener on every path out of RunLocalServer (RFC 8252 §8.3: listen
// only while waiting for the response).
class CloseOnExit {
 public:
  explicit CloseOnExit(RedirectReceiver& receiver) : receiver_(receiver) {}
  CloseOnExit(CloseOnExit const&) = delete;
  CloseOnExit& operator=(CloseOnExit const&) = delete;
  ~CloseOnExit() { receiver_.Close(); }

 private:
  RedirectReceiver& receiver_;
};

std::string ReplaceAll(std::string text, std::string_view placeholder, std::string_view value) {
  for (auto pos = text.find(placeholder); pos != std::string::npos;
       pos = text.find(placeholder, pos + value.size())) {
    text.replace(pos, placeholder.size(), value);
  }
  return text;
}

}  // namespace

struct InstalledAppFlow::Attempt {
  std::string redirect_uri;
  std::string state;
  std::optional<Pkce> pkce;
};

InstalledAppFlow::InstalledAppFlow(ClientSecrets secrets, std::optional<Endpoints> endpoints,
                                   Dependencies deps)
    : secrets_(std::move(secrets)),
      endpoints_(endpoints ? *std::move(endpoints) : EndpointsFor(secrets_)),
      deps_(deps) {}

Result<FlowResult> InstalledAppFlow::Run(RedirectMode const& mode, FlowOptions const& options) {
  struct Dispatch {
    InstalledAppFlow& flow;
    FlowOptions const& options;
    Result<FlowResult> operator()(LoopbackRedirect const& m) {
      return flow.RunLocalServer(m, options);
    }
    Result<FlowResult> operator()(OobRedirect const&) { return flow.RunConsole(options); }
    Result<FlowResult> operator()(OobAutoRedirect const&) { return flow.RunOobAuto(options); }
    Result<FlowResult> operator()(PasteRedirect const& m) {
      return flow.RunPasteRedirect(m, options);
    }
    Result<FlowResult> operator()(DeviceGrant const&) { return flow.RunDeviceFlow(options); }
  };
  return std::visit(Dispatch{*this, options}, mode);
}

Result<FlowResult> InstalledAppFlow::RunLocalServer(LoopbackRedirect const& mode,
                                                    FlowOptions const& options) {
  // Bind before anything is shown, so that a busy port fails before the person acts.
  auto redirect_uri = deps_.receiver.Listen(mode);
  if (!redirect_uri) return tl::unexpected(redirect_uri.error());
  CloseOnExit close(deps_.receiver);

  auto attempt = Prepare(*std::move(redirect_uri), options);
  if (!attempt) return tl::unexpected(attempt.error());
  auto url = AuthorizationUrl(*attempt, options);
  if (!url) return tl::unexpected(url.error());
  ShowUrl(*attempt, *url, options, options.open_browser);

  // The flow decides what a callback is, the receiver renders the answer. Any local process can
  // reach the listener: a callback whose state is not this attempt's (RFC 6749 §10.12) is
  // refused with a 400 and the wait goes on, so that a forged request, or a tab left from an
  // earlier attempt, can neither end nor hijack the sign-in. Only a callback with the right
  // state ends the wait, whether it carries a code or the server's error=.
  std::optional<Result<AuthorizationResponse>> parsed;
  int refused = 0;
  auto const handler = [&](std::string_view callback_url) {
    if (auto belongs = CheckRedirectState(callback_url, attempt->state); !belongs) {
      ++refused;
      Observer().OnForgedCallbackRefused(refused, ErrorCodeName(belongs.error().code));
      return RedirectPage::Refused(
          "This response does not belong to the sign-in in progress (its state does not "
          "match), so it was ignored. The sign-in is still waiting for its own response.");
    }
    parsed = ParseRedirect(callback_url, attempt->state);
    if (*parsed) return RedirectPage::Success(options.success_message);
    return RedirectPage::Failure("The authorization failed: " + parsed->error().message);
  };
  auto const deadline = Deadline(options);
  Observer().OnWaitingUntil(deadline, "the browser to return to " + attempt->redirect_uri);
  auto callback = deps_.receiver.WaitForRedirect(deadline, handler, deps_.cancellation);
  Observer().OnWaitEnded();
  if (!callback) {
    if (callback.error().code != ErrorCode::kTimeout) return tl::unexpected(callback.error());
    std::string message = "no redirect reached " + attempt->redirect_uri + " within " +
                          std::to_string(options.timeout.count()) + " s";
    if (refused > 0) {
      message += "; refused " + std::to_string(refused) +
                 (refused == 1 ? " callback" : " callbacks") +
                 " with a wrong state (forged, or from an earlier attempt)";
    }
    return MakeError(ErrorCode::kTimeout,
                     std::move(message) + "; open the URL above, or raise the timeout");
  }
  if (!parsed) parsed = ParseRedirect(*callback, attempt->state);
  if (!*parsed) return tl::unexpected(parsed->error());
  return Exchange(*attempt, (*parsed)->code, options);
}

Result<FlowResult> InstalledAppFlow::RunConsole(FlowOptions const& options) {
  auto attempt = Prepare(kOobRedirectUri, options);
  if (!attempt) return tl::unexpected(attempt.error());
  auto url = AuthorizationUrl(*attempt, options);
  if (!url) return tl::unexpected(url.error());
  ShowUrl(*attempt, *url, options, options.open_browser);
  auto line = deps_.console.ReadLine("Enter the authorization code: ");
  if (!line) return tl::unexpected(line.error());
  auto code = ParsePastedCode(*line);
  if (!code) return tl::unexpected(code.error());
  return Exchange(*attempt, *code, options);
}

Result<FlowResult> InstalledAppFlow::RunOobAuto(FlowOptions const& options) {
  auto attempt = Prepare(kOobAutoRedirectUri, options);
  if (!attempt) return tl::unexpected(attempt.error());
  auto url = AuthorizationUrl(*attempt, options);
  if (!url) return tl::unexpected(url.error());
  ShowUrl(*attempt, *url, options, /*try_browser=*/true);
  auto const deadline = Deadline(options);
  Observer().OnWaitingUntil(deadline, "the browser's page to show the code");
  auto title = deps_.browser.WaitForPageTitle(deadline, deps_.cancellation);
  Observer().OnWaitEnded();
  if (!title && title.error().code == ErrorCode::kUnsupported) {
    // This browser cannot report page titles; the page shows the code, so fall back to asking
    // for it as the plain OOB flow does.
    deps_.console.Print("This browser cannot hand the code back automatically; copy it from "
                        "the page.\n");
    auto line = deps_.console.ReadLine("Enter the authorization code: ");
    if (!line) return tl::unexpected(line.error());
    auto code = ParsePastedCode(*line);
    if (!code) return tl::unexpected(code.error());
    return Exchange(*attempt, *code, options);
  }
  if (!title) return tl::unexpected(title.error());
  auto parsed = ParseOobAutoTitle(*title, attempt->state);
  if (!parsed) return tl::unexpected(parsed.error());
  return Exchange(*attempt, parsed->code, options);
}

Result<FlowResult> InstalledAppFlow::RunPasteRedirect(PasteRedirect const& mode,
                                                      FlowOptions const& options) {
  auto redirect_uri = FixedRedirectUri(mode);
  if (!redirect_uri) return tl::unexpected(redirect_uri.error());
  auto attempt = Prepare(*redirect_uri, options);
  if (!attempt) return tl::unexpected(attempt.error());
  auto url = AuthorizationUrl(*attempt, options);
  if (!url) return tl::unexpected(url.error());
  // The browser is on another machine: never open one here.
  ShowUrl(*attempt, *url, options, /*try_browser=*/false);
  deps_.console.Print(
      "After you approve, the browser is sent to " + attempt->redirect_uri +
      " and shows a connection error: that is expected. Copy the whole address from its address "
      "bar and paste it here. The code is useless without the verifier, which stays on this "
      "machine.\n");
  auto line = deps_.console.ReadLine("Paste the full redirect URL: ");
  if (!line) return tl::unexpected(line.error());
  auto parsed = ParsePastedRedirectUrl(*line, attempt->redirect_uri, attempt->state);
  if (!parsed) return tl::unexpected(parsed.error());
  return Exchange(*attempt, parsed->code, options);
}

Result<FlowResult> InstalledAppFlow::RunDeviceFlow(FlowOptions const& options) {
  if (auto ok = CheckTransportSecurity(endpoints_.device, "device authorization endpoint",
                                       options.allow_insecure_transport);
      !ok) {
    return tl::unexpected(ok.error());
  }
  auto token_client = MakeTokenClient(options);
  DeviceFlow device(token_client, deps_.clock, endpoints_.device, deps_.cancellation);
  auto const scopes = ExpandScopes(options.scopes);
  auto code = device.RequestCode(scopes);
  if (!code) return tl::unexpected(code.error());
  deps_.console.Print("To sign in, open " + code->verification_url + " on any device and enter " +
                      "the code " + code->user_code + "\n");
  Observer().OnDeviceCode(code->user_code, code->verification_url,
                         code->verification_url_complete, code->expiry);
  // RFC 8628 §3.2: the code's lifetime is the wait; FlowOptions::timeout does not shorten it.
  Observer().OnWaitingUntil(code->expiry, "approval of the code " + code->user_code);
  auto token = device.PollForToken(*code, [this](DevicePollProgress const& progress) {
    Observer().OnDevicePollPending(progress);
  });
  Observer().OnWaitEnded();
  if (!token) return tl::unexpected(token.error());

  FlowResult result;
  result.credentials = CredentialsFrom(*std::move(token), options);
  result.missing_scopes = MissingScopes(scopes, result.credentials.scopes);
  result.refresh_token_missing = !result.credentials.refresh_token.has_value();
  return result;
}

Result<InstalledAppFlow::Attempt> InstalledAppFlow::Prepare(std::string redirect_uri,
                                                            FlowOptions const& options) {
  if (options.scopes.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "no scopes requested: name at least one");
  }
  for (auto const& [url, what] : {std::pair{&endpoints_.auth, "authorization endpoint"},
                                  std::pair{&endpoints_.token, "token endpoint"}}) {
    if (auto ok = CheckTransportSecurity(*url, what, options.allow_insecure_transport); !ok) {
      return tl::unexpected(ok.error());
    }
  }
  Attempt attempt;
  attempt.redirect_uri = std::move(redirect_uri);
  auto state = GenerateState();
  if (!state) return tl::unexpected(state.error());
  attempt.state = *std::move(state);
  if (options.use_pkce) {
    auto pkce = GeneratePkce();
    if (!pkce) return tl::unexpected(pkce.error());
    attempt.pkce = *std::move(pkce);
  }
  return attempt;
}

Result<std::string> InstalledAppFlow::AuthorizationUrl(Attempt const& attempt,
                                                       FlowOptions const& options) {
  AuthorizationRequest request;
  request.auth_uri = endpoints_.auth;
  request.client_id = secrets_.client_id;
  request.redirect_uri = attempt.redirect_uri;
  request.scopes = ExpandScopes(options.scopes);
  request.state = attempt.state;
  if (attempt.pkce) {
    request.code_challenge = attempt.pkce->challenge;
    request.code_challenge_method = attempt.pkce->method;
  }
  request.access_type = options.access_type;
  request.prompt = options.prompt;
  request.login_hint = options.login_hint;
  request.include_granted_scopes = options.include_granted_scopes;
  return BuildAuthorizationUrl(request);
}

void InstalledAppFlow::ShowUrl(Attempt const& attempt, std::string const& url,
                               FlowOptions const& options, bool try_browser) {
  Observer().OnAuthorizationUrl(url, attempt.redirect_uri);
  deps_.console.Print(ReplaceAll(options.authorization_prompt_message, "{url}", url) + "\n");
  if (!try_browser) return;
  if (auto opened = deps_.browser.Open(url); !opened) {
    // Not fatal: the URL is on the console already.
    deps_.console.Print("Could not open a browser (" + opened.error().message +
                        "); open the URL above yourself.\n");
  }
}

Result<FlowResult> InstalledAppFlow::Exchange(Attempt const& attempt, std::string const& code,
                                              FlowOptions const& options) {
  auto token_client = MakeTokenClient(options);
  auto token = token_client.ExchangeCode(code, attempt.pkce ? attempt.pkce->verifier : "",
                                         attempt.redirect_uri);
  if (!token) return tl::unexpected(token.error());
  FlowResult result;
  result.credentials = CredentialsFrom(*std::move(token), options);
  result.missing_scopes = MissingScopes(ExpandScopes(options.scopes), result.credentials.scopes);
  // Google sends a refresh token only on the first offline consent (or with prompt=consent).
  result.refresh_token_missing =
      options.access_type == "offline" && !result.credentials.refresh_token.has_value();
  return result;
}

Credentials InstalledAppFlow::CredentialsFrom(TokenResponse token,
                                              FlowOptions const& options) const {
  Credentials credentials;
  credentials.access_token = std::move(token.access_token);
  credentials.expiry = token.expiry;
  credentials.refresh_token = std::move(token.refresh_token);
  // An answer without "scope" grants what was asked (RFC 6749 §5.1).
  credentials.scopes = token.scopes.empty() ? ExpandScopes(options.scopes) : std::move(token.scopes);
  credentials.token_uri = endpoints_.token;
  credentials.client_id = secrets_.client_id;
  credentials.client_secret = secrets_.client_secret;
  credentials.id_token = std::move(token.id_token);
  return credentials;
}

TokenClient InstalledAppFlow::MakeTokenClient(FlowOptions const& options) {
  TokenClientConfig config;
  config.token_uri = endpoints_.token;
  config.revoke_uri = endpoints_.revoke;
  config.client_id = secrets_.client_id;
  config.client_secret = secrets_.client_secret;
  config.authentication = options.client_authentication;
  config.retry = options.retry;
  config.allow_insecure_transport = options.allow_insecure_transport;
  return TokenClient(deps_.http, deps_.clock, std::move(config), deps_.cancellation);
}

Clock::time_point InstalledAppFlow::Deadline(FlowOptions const& options) {
  return deps_.clock.Now() + options.timeout;
}

}  // namespace gauthflow
