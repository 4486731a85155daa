#ifndef GAUTHFLOW_AUTHORIZATION_RESPONSE_H_
#define GAUTHFLOW_AUTHORIZATION_RESPONSE_H_

#include <string>
#include <string_view>
#include <vector>

#include "gauthflow/error.h"

namespace gauthflow {

// What the authorization server sent back (RFC 6749 §4.1.2).
struct AuthorizationResponse {
  std::string code;
  std::string state;
  std::vector<std::string> scopes;  // Google's "scope" parameter, split; empty when absent
};

// Parses the redirect: a full URL, "?query" or a bare query, percent-decoded. Checks, in
// order: error=access_denied -> kAccessDenied; any other error -> kAuthorizationError (both
// with Error::server_error set and error_description in the message); missing state ->
// kMissingState; state differs from `expected_state` -> kStateMismatch (compared in constant
// time); missing or empty code -> kMissingCode. A parameter given twice or bad percent-encoding
// -> kInvalidArgument (RFC 6749 §3.1). Messages never contain the code or the state.
Result<AuthorizationResponse> ParseRedirect(std::string_view url_or_query,
                                            std::string_view expected_state);

// Whether the redirect belongs to the authorization request that sent `expected_state`
// (RFC 6749 §10.12), whatever else it carries (a code or an error=): kMissingState,
// kStateMismatch, or kInvalidArgument for a query that cannot be read or names a parameter
// twice. A listener uses it to tell a forged request from the real response, errors included.
Status CheckRedirectState(std::string_view url_or_query, std::string_view expected_state);

// For the paste-the-redirect-URL mode: `pasted` (surrounding whitespace ignored) must be the
// `expected_redirect_uri` (same scheme, host, port and path; "" and "/" are the same path) plus
// its query; otherwise kInvalidArgument saying what was expected. Then ParseRedirect.
Result<AuthorizationResponse> ParsePastedRedirectUrl(std::string_view pasted,
                                                     std::string_view expected_redirect_uri,
                                                     std::string_view expected_state);

// For the OOB mode: the code the user copied. Surrounding whitespace is ignored; an empty paste
// is kMissingCode, internal whitespace kInvalidArgument. A pasted redirect URL or "code=..."
// query yields its code (and its error=, as in ParseRedirect; state is not checked).
Result<std::string> ParsePastedCode(std::string_view pasted);

// For urn:ietf:wg:oauth:2.0:oob:auto: the page title. "Success code=CODE" (possibly
// "Success state=...&code=...&scope=...") -> the response; "Denied error=access_denied" ->
// kAccessDenied, another "Denied error=..." -> kAuthorizationError; anything else ->
// kUnexpectedResponse. A state in the title must match `expected_state`; the legacy title
// without a state is accepted.
Result<AuthorizationResponse> ParseOobAutoTitle(std::string_view title,
                                                std::string_view expected_state);

}  // namespace gauthflow

#endif  // GAUTHFLOW_AUTHORIZATION_RESPONSE_H_
