#include "gauthflow/authorization_response.h"

#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <optional>
#include <utility>

#include "gauthflow/pkce.h"
#include "gauthflow/scopes.h"

namespace gauthflow {
namespace {

using QueryParameters = Poco::URI::QueryParameters;

std::string_view Trim(std::string_view text) {
  auto const is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

bool HasWhitespace(std::string_view text) {
  return text.find_first_of(" \t\n\r\f\v") != std::string_view::npos;
}

// True when `text` starts with "scheme:" (RFC 3986 §3.1) before any '=' or '&', i.e. it is a
// URL rather than a bare query such as "code=...&scope=https://...".
bool StartsWithScheme(std::string_view text) {
  auto const end = text.find_first_of(":=&");
  if (end == std::string_view::npos || end == 0 || text[end] != ':') return false;
  auto const is_alpha = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
  if (!is_alpha(text[0])) return false;
  for (char c : text.substr(1, end - 1)) {
    if (!is_alpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
      return false;
    }
  }
  return true;
}

// The raw query of a full URL, of "?query", or of a bare query. A fragment is never part of
// it (RFC 3986 §3.5). A URL without '?' has no query.
std::string_view RawQuery(std::string_view input) {
  input = input.substr(0, input.find('#'));
  auto const question = input.find('?');
  if (question != std::string_view::npos) return input.substr(question + 1);
  if (StartsWithScheme(input)) return {};
  return input;
}

// Percent-decodes the query; '+' is a space as in application/x-www-form-urlencoded, which is
// how Google writes the space-separated `scope` on the redirect.
Result<QueryParameters> DecodeQuery(std::string_view raw_query, std::string_view what) {
  Poco::URI uri;
  uri.setRawQuery(std::string(raw_query));
  try {
    return uri.getQueryParameters();
  } catch (Poco::Exception const& e) {
    return MakeError(ErrorCode::kInvalidArgument,
                     std::string(what) + " query is not valid percent-encoding: " + e.message());
  }
}

struct Fields {
  std::optional<std::string> code;
  std::optional<std::string> state;
  std::optional<std::string> error;
  std::optional<std::string> error_description;
  std::optional<std::string> scope;
};

Result<Fields> ExtractFields(QueryParameters const& params, std::string_view what) {
  Fields fields;
  for (auto const& [name, value] : params) {
    std::optional<std::string>* slot = nullptr;
    if (name == "code") slot = &fields.code;
    if (name == "state") slot = &fields.state;
    if (name == "error") slot = &fields.error;
    if (name == "error_description") slot = &fields.error_description;
    if (name == "scope") slot = &fields.scope;
    if (slot == nullptr) continue;
    // RFC 6749 §3.1: parameters must not be included more than once; two codes or two states
    // would let an attacker choose which one we read.
    if (slot->has_value()) {
      return MakeError(ErrorCode::kInvalidArgument,
                       std::string(what) + " has the parameter \"" + name + "\" more than once");
    }
    *slot = value;
  }
  return fields;
}

// RFC 6749 §10.12: the state ties a response to this authorization request.
Status CheckState(Fields const& fields, std::string_view expected_state, bool state_required,
                  std::string_view what) {
  if (!fields.state) {
    if (state_required) {
      return MakeError(ErrorCode::kMissingState,
                       std::string(what) + " has no state parameter, so it cannot be tied to "
                                           "this authorization request");
    }
  } else if (!ConstantTimeEquals(*fields.state, expected_state)) {
    // Neither state is shown: the expected one is our CSRF secret.
    return MakeError(ErrorCode::kStateMismatch,
                     std::string(what) + " carries a state that differs from the one sent in "
                                         "this authorization request (a forged redirect, or a "
                                         "browser tab from an earlier attempt)");
  }
  return {};
}

// RFC 6749 §4.1.2.1 errors first (Google sends them with the state), then the state
// (RFC 6749 §10.12, CSRF), then the code.
Result<AuthorizationResponse> Interpret(Fields fields, std::string_view expected_state,
                                        bool state_required, std::string_view what) {
  if (fields.error) {
    std::string description;
    if (fields.error_description && !fields.error_description->empty()) {
      description = ": " + *fields.error_description;
    }
    Error error;
    error.server_error = *fields.error;
    if (*fields.error == "access_denied") {
      error.code = ErrorCode::kAccessDenied;
      error.message = "access was denied at the consent screen (error=access_denied" +
                      description + ")";
    } else {
      error.code = ErrorCode::kAuthorizationError;
      error.message = "the authorization server answered on the " + std::string(what) +
                      " with error=" + *fields.error + description;
    }
    return tl::unexpected(std::move(error));
  }
  if (auto state = CheckState(fields, expected_state, state_required, what); !state) {
    return tl::unexpected(state.error());
  }
  if (!fields.code || fields.code->empty()) {
    return MakeError(ErrorCode::kMissingCode,
                     std::string(what) + " has neither an authorization code nor an error");
  }
  AuthorizationResponse response;
  response.code = std::move(*fields.code);
  response.state = fields.state.value_or(std::string());
  if (fields.scope) response.scopes = SplitScopes(*fields.scope);
  return response;
}

Result<AuthorizationResponse> ParseQueryText(std::string_view raw_query,
                                             std::string_view expected_state,
                                             bool state_required, std::string_view what) {
  if (expected_state.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "the expected state is empty; an authorization request always sends one");
  }
  auto params = DecodeQuery(raw_query, what);
  if (!params) return tl::unexpected(params.error());
  auto fields = ExtractFields(*params, what);
  if (!fields) return tl::unexpected(fields.error());
  return Interpret(*std::move(fields), expected_state, state_required, what);
}

// scheme://authority/path of a URI, for messages: never the query, which may hold a code.
std::string WithoutQuery(Poco::URI const& uri) {
  return uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
}

std::string NormalizedPath(Poco::URI const& uri) {
  return uri.getPath().empty() ? std::string("/") : uri.getPath();
}

}  // namespace

Result<AuthorizationResponse> ParseRedirect(std::string_view url_or_query,
                                            std::string_view expected_state) {
  return ParseQueryText(RawQuery(url_or_query), expected_state, /*state_required=*/true,
                        "redirect");
}

Result<AuthorizationResponse> ParsePastedRedirectUrl(std::string_view pasted,
                                                     std::string_view expected_redirect_uri,
                                                     std::string_view expected_state) {
  auto const text = Trim(pasted);
  std::string const expected_text(expected_redirect_uri);
  Poco::URI expected;
  try {
    expected = Poco::URI(expected_text);
  } catch (Poco::Exception const& e) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "redirect_uri \"" + expected_text + "\" is not a URL: " + e.message());
  }
  auto const advice = "paste the whole address from the browser's address bar after approving "
                      "access; it starts with " + expected_text;
  if (text.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "nothing was pasted: " + advice);
  }
  Poco::URI uri;
  try {
    uri = Poco::URI(std::string(text));
  } catch (Poco::Exception const&) {
    return MakeError(ErrorCode::kInvalidArgument, "the pasted text is not a URL: " + advice);
  }
  bool const same = Poco::icompare(uri.getScheme(), expected.getScheme()) == 0 &&
                    Poco::icompare(uri.getHost(), expected.getHost()) == 0 &&
                    uri.getPort() == expected.getPort() &&
                    NormalizedPath(uri) == NormalizedPath(expected);
  if (!same) {
    std::string got = uri.getScheme().empty() ? std::string("text that is not a URL")
                                              : "\"" + WithoutQuery(uri) + "\"";
    std::string hint;
    // An authorization request carries response_type (RFC 6749 §4.1.1); a redirect never does.
    if (uri.getRawQuery().find("response_type=") != std::string::npos) {
      hint = " (that is the authorization URL itself)";
    }
    return MakeError(ErrorCode::kInvalidArgument, "the pasted URL is " + got + hint +
                                                      ", not the redirect_uri: " + advice);
  }
  return ParseQueryText(RawQuery(text), expected_state, /*state_required=*/true,
                        "pasted redirect URL");
}

Result<std::string> ParsePastedCode(std::string_view pasted) {
  auto const text = Trim(pasted);
  if (text.empty()) {
    return MakeError(ErrorCode::kMissingCode,
                     "nothing was pasted; paste the authorization code the browser showed");
  }
  bool const looks_like_query = text.find('?') != std::string_view::npos ||
                                text.rfind("code=", 0) == 0 || text.rfind("error=", 0) == 0 ||
                                text.find("&code=") != std::string_view::npos;
  if (looks_like_query) {
    auto params = DecodeQuery(RawQuery(text), "pasted text");
    if (!params) return tl::unexpected(params.error());
    auto fields = ExtractFields(*params, "pasted text");
    if (!fields) return tl::unexpected(fields.error());
    // The OOB page shows only the code, so there is no state to check here.
    fields->state.reset();
    auto response = Interpret(*std::move(fields), {}, /*state_required=*/false, "pasted text");
    if (!response) return tl::unexpected(response.error());
    if (HasWhitespace(response->code)) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "the code in the pasted text contains whitespace");
    }
    return std::move(response->code);
  }
  if (HasWhitespace(text)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "the pasted code contains whitespace; paste only the code, in one piece");
  }
  return std::string(text);
}

Result<AuthorizationResponse> ParseOobAutoTitle(std::string_view title,
                                                std::string_view expected_state) {
  // Google's oob:auto page puts the result in its title: "Success code=..." or
  // "Denied error=..." (the legacy installed-app documentation; see GOOGLE-OAUTH-FACTS.md).
  constexpr std::string_view kSuccess = "Success ";
  constexpr std::string_view kDenied = "Denied ";
  auto const text = Trim(title);
  constexpr std::string_view kWhat = "oob:auto page title";
  if (text.rfind(kSuccess, 0) == 0) {
    return ParseQueryText(Trim(text.substr(kSuccess.size())), expected_state,
                          /*state_required=*/false, kWhat);
  }
  if (text.rfind(kDenied, 0) == 0) {
    auto params = DecodeQuery(Trim(text.substr(kDenied.size())), kWhat);
    if (!params) return tl::unexpected(params.error());
    auto fields = ExtractFields(*params, kWhat);
    if (!fields) return tl::unexpected(fields.error());
    if (!fields->error) fields->error = "access_denied";
    return Interpret(*std::move(fields), expected_state, /*state_required=*/false, kWhat);
  }
  // The title is shown to help, unless it might hold a code.
  std::string shown = text.find("code=") == std::string_view::npos
                          ? "\"" + std::string(text.substr(0, 80)) + "\""
                          : std::string("a title that is not Google's");
  return MakeError(ErrorCode::kUnexpectedResponse,
                   "the " + std::string(kWhat) + " is " + shown +
                       ", expected \"Success code=...\" or \"Denied error=...\"");
}

Status CheckRedirectState(std::string_view url_or_query, std::string_view expected_state) {
  if (expected_state.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "the expected state is empty; an authorization request always sends one");
  }
  auto params = DecodeQuery(RawQuery(url_or_query), "redirect");
  if (!params) return tl::unexpected(params.error());
  auto fields = ExtractFields(*params, "redirect");
  if (!fields) return tl::unexpected(fields.error());
  return CheckState(*fields, expected_state, /*state_required=*/true, "redirect");
}

}  // namespace gauthflow
