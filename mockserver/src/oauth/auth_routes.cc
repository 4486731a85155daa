// The authorization endpoint and the consent page's approval form.
// Google: developers.google.com/identity/protocols/oauth2/native-app#step-2:-send-a-request-to-googles-oauth-2.0-server
#include <algorithm>
#include <sstream>

#include "oauth/html_pages.h"
#include "oauth/oauth_routes.h"
#include "oauth/pkce.h"
#include "oauth/redirect_uri.h"
#include "oauth/scopes.h"
#include "routes.h"

namespace gauthflow::mockserver {
namespace {

constexpr char kOobBlockedMessage[] =
    "The out-of-band (OOB) flow has been blocked in order to keep users secure. Follow the "
    "Out-Of-Band (OOB) flow migration guide linked in the developer docs below to migrate your "
    "app to an alternative method.";

HttpAnswer Redirect(std::string const& location) {
  HttpAnswer answer;
  answer.status = 302;
  answer.content_type = "text/html; charset=utf-8";
  answer.headers.emplace_back("Location", location);
  answer.headers.emplace_back("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
  answer.body = "<!DOCTYPE html><html lang=\"en\"><title>Moved</title><a href=\"" +
                HtmlEscape(location) + "\">Continue</a></html>";
  return answer;
}

// redirect_uri with the answer appended, keeping any query of its own (RFC 6749 §3.1.2).
std::string AppendQuery(std::string const& redirect_uri, Params const& params) {
  std::string out = redirect_uri;
  char separator = redirect_uri.find('?') == std::string::npos ? '?' : '&';
  for (auto const& [name, value] : params) {
    out.push_back(separator);
    out += name + "=" + EncodeQueryValue(value);
    separator = '&';
  }
  return out;
}

// Approves (user_email set) or denies the request: a code on the redirect URI or an OOB page.
HttpAnswer Complete(RouteContext& ctx, AuthRequest request, std::string const* user_email) {
  bool oob = IsOobRedirect(request.redirect_uri);
  bool auto_close = request.redirect_uri == kOobAutoUri;
  if (user_email == nullptr) {
    if (oob) return OobDeniedPage(auto_close);
    Params answer = {{"error", "access_denied"}};
    if (!request.state.empty()) answer.insert(answer.begin(), {"state", request.state});
    return Redirect(AppendQuery(request.redirect_uri, answer));
  }
  if (request.include_granted_scopes) {
    for (auto const& scope : ctx.consents.GrantedScopes(request.client_id, *user_email)) {
      if (std::find(request.scopes.begin(), request.scopes.end(), scope) == request.scopes.end()) {
        request.scopes.push_back(scope);
      }
    }
  }
  ctx.consents.RecordConsent(request.client_id, *user_email, request.scopes);
  std::string code = ctx.codes.Issue(request, *user_email);
  if (oob) return OobSuccessPage(code, auto_close);
  // Google's order: state, code, scope (then authuser and prompt, which clients ignore).
  Params answer;
  if (!request.state.empty()) answer.emplace_back("state", request.state);
  answer.emplace_back("code", code);
  answer.emplace_back("scope", JoinScopes(request.scopes));
  return Redirect(AppendQuery(request.redirect_uri, answer));
}

std::shared_ptr<UserConfig const> ChooseUser(RouteContext& ctx, std::string const& wanted) {
  if (!wanted.empty()) {
    if (auto user = ctx.directory.FindUser(wanted)) return user;
  }
  auto users = ctx.directory.Users();
  return users.empty() ? nullptr : users.front();
}

void ReportViolations(RouteContext& ctx, AuthRequest const& request) {
  auto report = [&](char const* kind, std::string detail) {
    ctx.violations.Add(Violation{kind, request.client_id, std::move(detail), ctx.clock.Now()});
  };
  // RFC 8252 §8.1: native apps MUST use PKCE; RFC 7636 §4.2: S256 is mandatory to implement and
  // plain is only for clients that cannot do S256.
  if (request.code_challenge_method.empty()) report("no_pkce", "no code_challenge was sent");
  if (request.code_challenge_method == "plain") report("plain_pkce", "code_challenge_method=plain");
  // RFC 6749 §10.12: state protects the redirect against CSRF.
  if (request.state.empty()) report("no_state", "no state parameter was sent");
  RedirectTraits traits = InspectRedirectUri(request.redirect_uri);
  // RFC 8252 §8.3: "localhost" is NOT RECOMMENDED; use 127.0.0.1 or [::1].
  if (traits.localhost) report("localhost_redirect", request.redirect_uri);
  if (traits.insecure_remote) report("insecure_redirect", request.redirect_uri);
}

}  // namespace

HttpAnswer HandleAuthorize(RouteContext& ctx, Request const& request) {
  if (request.method != "GET" && request.method != "POST") return MethodNotAllowed(request);
  Params const& params = request.method == "POST" ? request.form : request.query;
  auto page = [&](int status, std::string const& error, std::string const& description) {
    return AuthorizationErrorPage(status, error, description, params);
  };

  std::string client_id = GetParam(params, "client_id");
  if (client_id.empty()) return page(400, "invalid_request", "Missing required parameter: client_id");
  auto client = ctx.directory.FindClient(client_id);
  if (!client) return page(401, "invalid_client", "The OAuth client was not found.");

  std::string redirect_uri = GetParam(params, "redirect_uri");
  if (redirect_uri.empty()) {
    return page(400, "invalid_request", "Missing required parameter: redirect_uri");
  }
  // Never redirect to an unverified URI (RFC 6749 §4.1.2.1): errors before this point and the
  // mismatch itself are pages.
  if (!RedirectUriMatches(*client, redirect_uri)) {
    return page(400, "redirect_uri_mismatch",
                "You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 "
                "policy. If you're the app developer, register the redirect URI in the Google "
                "Cloud Console. The redirect URI in the request, " + redirect_uri +
                    ", does not match the ones authorized for the OAuth client.");
  }
  if (ctx.config.oob_blocked && IsOobRedirect(redirect_uri)) {
    return page(400, "invalid_request", kOobBlockedMessage);
  }

  auto response_type = FindParam(params, "response_type");
  if (!response_type || response_type->empty()) {
    return page(400, "invalid_request", "Required parameter is missing: response_type");
  }
  if (*response_type != "code") {
    return page(400, "unsupported_response_type", "Invalid response_type: " + *response_type);
  }

  AuthRequest auth;
  auth.client_id = client_id;
  auth.redirect_uri = redirect_uri;
  std::vector<std::string> invalid;
  for (auto const& scope : SplitScopes(GetParam(params, "scope"))) {
    std::string normalized = NormalizeScope(scope);
    if (!DescribeScope(normalized)) {
      invalid.push_back(scope);
    } else if (std::find(auth.scopes.begin(), auth.scopes.end(), normalized) == auth.scopes.end()) {
      auth.scopes.push_back(normalized);
    }
  }
  if (auth.scopes.empty() && invalid.empty()) {
    return page(400, "invalid_request", "Missing required parameter: scope");
  }
  if (!invalid.empty()) {
    std::string list;
    for (auto const& scope : invalid) list += (list.empty() ? "" : ", ") + scope;
    return page(400, "invalid_scope", "Some requested scopes were invalid. {invalid=[" + list + "]}");
  }

  std::string access_type = GetParam(params, "access_type");
  if (!access_type.empty() && access_type != "online" && access_type != "offline") {
    return page(400, "invalid_request", "Invalid access_type: " + access_type);
  }
  auth.offline = access_type == "offline";

  // prompt: space-delimited none | consent | select_account; none stands alone (OpenID Connect
  // Core §3.1.2.1).
  auto prompts = SplitScopes(GetParam(params, "prompt"));
  bool prompt_none = false;
  for (auto const& prompt : prompts) {
    if (prompt == "none") {
      prompt_none = true;
    } else if (prompt == "consent") {
      auth.prompt_consent = true;
    } else if (prompt != "select_account") {
      return page(400, "invalid_request", "Invalid prompt: " + prompt);
    }
  }
  if (prompt_none && prompts.size() > 1) {
    return page(400, "invalid_request", "Invalid prompt: none must not be combined with other values");
  }

  // PKCE (RFC 7636 §4.3): a challenge without a method means plain.
  auth.code_challenge = GetParam(params, "code_challenge");
  std::string method = GetParam(params, "code_challenge_method");
  if (!auth.code_challenge.empty()) {
    if (method.empty()) method = "plain";
    if (method != "S256" && method != "plain") {
      return page(400, "invalid_request", "Invalid code_challenge_method value: " + method);
    }
    if (!IsValidPkceString(auth.code_challenge)) {
      return page(400, "invalid_request", "Invalid code_challenge value.");
    }
    auth.code_challenge_method = method;
  } else if (!method.empty()) {
    return page(400, "invalid_request", "Missing required parameter: code_challenge");
  }

  auth.state = GetParam(params, "state");
  auth.nonce = GetParam(params, "nonce");
  auth.login_hint = GetParam(params, "login_hint");
  auth.include_granted_scopes = GetParam(params, "include_granted_scopes") == "true";
  ReportViolations(ctx, auth);

  if (prompt_none) {
    // No UI allowed: succeed only if the user already consented to every scope, else
    // consent_required on the redirect (OpenID Connect Core §3.1.2.6).
    auto user = ChooseUser(ctx, auth.login_hint.empty() && ctx.config.auto_approve_user
                                    ? *ctx.config.auto_approve_user
                                    : auth.login_hint);
    if (!user) return page(400, "invalid_request", "No account is configured.");
    auto granted = ctx.consents.GrantedScopes(auth.client_id, user->email);
    bool covered = std::all_of(auth.scopes.begin(), auth.scopes.end(), [&](std::string const& s) {
      return std::find(granted.begin(), granted.end(), s) != granted.end();
    });
    if (covered) return Complete(ctx, auth, &user->email);
    Params answer;
    if (!auth.state.empty()) answer.emplace_back("state", auth.state);
    answer.emplace_back("error", "consent_required");
    if (IsOobRedirect(auth.redirect_uri)) return OobDeniedPage(auth.redirect_uri == kOobAutoUri);
    return Redirect(AppendQuery(auth.redirect_uri, answer));
  }

  if (ctx.config.auto_approve_user) {
    // A login_hint naming a configured account picks it, as on Google's account chooser (and as
    // with prompt=none above); otherwise the auto-approve user.
    auto user = auth.login_hint.empty() ? nullptr : ctx.directory.FindUser(auth.login_hint);
    if (!user) user = ChooseUser(ctx, *ctx.config.auto_approve_user);
    if (!user) return page(400, "invalid_request", "No account is configured.");
    return Complete(ctx, auth, &user->email);
  }

  Transaction transaction;
  transaction.kind = Transaction::Kind::kRedirect;
  transaction.request = auth;
  ConsentPageModel model;
  model.transaction_id = ctx.transactions.Add(std::move(transaction));
  model.client_name = client->name;
  model.users = ctx.directory.Users();
  model.selected_email = auth.login_hint;
  model.scopes = auth.scopes;
  return ConsentPage(model);
}

HttpAnswer HandleApproval(RouteContext& ctx, Request const& request) {
  if (request.method != "POST") return MethodNotAllowed(request);
  Params const& form = request.form;
  auto page = [&](std::string const& description) {
    return AuthorizationErrorPage(400, "invalid_request", description, RedactSecrets(form));
  };
  std::string decision = GetParam(form, "decision");
  if (decision != "allow" && decision != "deny") {
    return page("Missing or invalid decision: expected allow or deny.");
  }
  auto transaction = ctx.transactions.Take(GetParam(form, "tx"));
  if (!transaction) {
    return page("This sign-in request is no longer valid (already answered or expired). Start "
                "again from the application.");
  }
  std::shared_ptr<UserConfig const> user;
  if (decision == "allow") {
    user = ctx.directory.FindUser(GetParam(form, "account"));
    if (!user) return page("Choose one of the listed accounts.");
  }
  if (transaction->kind == Transaction::Kind::kDevice) {
    ctx.devices.Decide(transaction->device_code, user != nullptr,
                           user ? user->email : std::string());
    if (user) ctx.consents.RecordConsent(transaction->request.client_id, user->email,
                                      transaction->request.scopes);
    auto client = ctx.directory.FindClient(transaction->request.client_id);
    return DeviceDonePage(user != nullptr, client ? client->name : transaction->request.client_id);
  }
  return Complete(ctx, transaction->request, user ? &user->email : nullptr);
}

}  // namespace gauthflow::mockserver
