#include "gauthflow/authorization_request.h"

#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>
#include <vector>

#include "gauthflow/scopes.h"

namespace gauthflow {
namespace {

// RFC 3986 §2.2 gen-delims and sub-delims. Poco::URI::encode already escapes everything
// outside printable ASCII and its ILLEGAL set; naming all reserved characters here leaves only
// the §2.3 unreserved ones unescaped, which is what a query value needs (a '+' or '&' in a
// scope or login_hint must not be read as a space or a separator).
constexpr char kReservedCharacters[] = ":/?#[]@!$&'()*+,;=";

std::string PercentEncode(std::string const& value) {
  std::string out;
  Poco::URI::encode(value, kReservedCharacters, out);
  return out;
}

tl::unexpected<Error> Invalid(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, "authorization request: " + std::move(message));
}

bool IsUnreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '.' || c == '_' || c == '~';
}

// Google: "A space-delimited, case-sensitive list of prompts to present the user": none,
// consent, select_account; "none" must not be combined with another value (OpenID Connect
// Core §3.1.2.1). Google does not support OIDC's "login".
Status ValidatePrompt(std::string const& prompt) {
  constexpr std::array<std::string_view, 3> kPrompts = {"none", "consent", "select_account"};
  std::vector<std::string> seen;
  std::string_view rest = prompt;
  while (true) {
    auto const space = rest.find(' ');
    auto const item = rest.substr(0, space);
    bool const known = std::find(kPrompts.begin(), kPrompts.end(), item) != kPrompts.end();
    if (!known) {
      return Invalid("prompt \"" + prompt +
                     "\" must be space-separated values of none, consent, select_account");
    }
    if (std::find(seen.begin(), seen.end(), item) != seen.end()) {
      return Invalid("prompt \"" + prompt + "\" repeats \"" + std::string(item) + "\"");
    }
    seen.emplace_back(item);
    if (space == std::string_view::npos) break;
    rest = rest.substr(space + 1);
  }
  if (seen.size() > 1 && std::find(seen.begin(), seen.end(), "none") != seen.end()) {
    return Invalid("prompt \"" + prompt + "\": none cannot be combined with other values");
  }
  return {};
}

// RFC 7636 §4.2: S256 challenges are 43 characters, plain ones are verifiers (43..128), both
// from the unreserved set. The challenge is not secret, but it is not echoed either.
Status ValidateChallenge(AuthorizationRequest const& request) {
  if (request.code_challenge.empty()) {
    return {};
  }
  if (request.code_challenge_method != "S256" && request.code_challenge_method != "plain") {
    return Invalid("code_challenge_method \"" + request.code_challenge_method +
                   "\" must be S256 or plain (RFC 7636 §4.3)");
  }
  auto const& challenge = request.code_challenge;
  bool ok = challenge.size() >= 43 && challenge.size() <= 128;
  for (char c : challenge) ok = ok && IsUnreserved(c);
  if (!ok) {
    return Invalid("code_challenge must be 43..128 characters of [A-Za-z0-9-._~] "
                   "(RFC 7636 §4.2)");
  }
  return {};
}

}  // namespace

Result<std::string> BuildAuthorizationUrl(AuthorizationRequest const& request) {
  if (request.client_id.empty()) return Invalid("client_id is empty");
  if (request.redirect_uri.empty()) return Invalid("redirect_uri is empty");
  if (request.state.empty()) return Invalid("state is empty");
  auto const scopes = ExpandScopes(request.scopes);
  auto const scope = JoinScopes(scopes);
  if (scope.empty()) return Invalid("scopes is empty");
  if (request.access_type != "online" && request.access_type != "offline") {
    return Invalid("access_type \"" + request.access_type + "\" must be online or offline");
  }
  if (request.prompt) {
    if (auto const ok = ValidatePrompt(*request.prompt); !ok) return tl::unexpected(ok.error());
  }
  if (auto const ok = ValidateChallenge(request); !ok) return tl::unexpected(ok.error());

  Poco::URI auth_uri;
  try {
    auth_uri = Poco::URI(request.auth_uri);
  } catch (Poco::Exception const& e) {
    return Invalid("auth_uri \"" + request.auth_uri + "\" is not a URL: " + e.message());
  }
  auto const scheme = Poco::toLower(auth_uri.getScheme());
  if ((scheme != "http" && scheme != "https") || auth_uri.getHost().empty()) {
    return Invalid("auth_uri \"" + request.auth_uri + "\" must be an http(s) URL with a host");
  }
  // RFC 6749 §3.1: the endpoint URI may have a query, which must be kept, but no fragment.
  if (!auth_uri.getFragment().empty() ||
      request.auth_uri.find('#') != std::string::npos) {
    return Invalid("auth_uri \"" + request.auth_uri + "\" must not have a fragment");
  }

  std::vector<std::pair<std::string, std::string>> params = {
      {"client_id", request.client_id},
      {"redirect_uri", request.redirect_uri},
      {"response_type", "code"},
      {"scope", scope},
      {"state", request.state},
  };
  if (!request.code_challenge.empty()) {
    params.emplace_back("code_challenge", request.code_challenge);
    params.emplace_back("code_challenge_method", request.code_challenge_method);
  }
  params.emplace_back("access_type", request.access_type);
  if (request.prompt) params.emplace_back("prompt", *request.prompt);
  if (request.login_hint) params.emplace_back("login_hint", *request.login_hint);
  if (request.include_granted_scopes) {
    params.emplace_back("include_granted_scopes",
                        *request.include_granted_scopes ? "true" : "false");
  }

  // RFC 6749 §3.1: request parameters must not be included more than once.
  try {
    for (auto const& [name, value] : auth_uri.getQueryParameters()) {
      for (auto const& param : params) {
        if (param.first == name) {
          return Invalid("auth_uri \"" + request.auth_uri + "\" already has a \"" + name +
                         "\" parameter");
        }
      }
    }
  } catch (Poco::Exception const& e) {
    return Invalid("auth_uri \"" + request.auth_uri + "\" has a malformed query: " +
                   e.message());
  }

  // Our parameters follow the auth_uri's own query, after a '&' unless that query is empty or
  // already ends with one. (A query may itself end in '?', as in "?hl?": RFC 3986 §3.4 allows
  // '?' in a query, so only the first '?' starts it.)
  std::string url = request.auth_uri;
  auto const question = url.find('?');
  if (question == std::string::npos) {
    url += '?';
  } else if (question + 1 != url.size() && url.back() != '&') {
    url += '&';
  }
  bool first = true;
  for (auto const& [name, value] : params) {
    if (!first) url += '&';
    first = false;
    url += name;
    url += '=';
    url += PercentEncode(value);
  }
  return url;
}

}  // namespace gauthflow
