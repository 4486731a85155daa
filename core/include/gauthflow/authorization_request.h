#ifndef GAUTHFLOW_AUTHORIZATION_REQUEST_H_
#define GAUTHFLOW_AUTHORIZATION_REQUEST_H_

#include <optional>
#include <string>
#include <vector>

#include "gauthflow/endpoints.h"
#include "gauthflow/error.h"

namespace gauthflow {

// The parameters of an authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3, and Google's
// additions documented in "OAuth 2.0 for Mobile & Desktop Apps", step 2).
struct AuthorizationRequest {
  std::string auth_uri = kGoogleAuthUri;
  std::string client_id;
  std::string redirect_uri;
  std::vector<std::string> scopes;     // short forms are expanded (see ExpandScope)
  std::string state;
  std::string code_challenge;          // empty = no PKCE parameters are sent
  std::string code_challenge_method = "S256";
  std::string access_type = "offline";  // "online" | "offline"
  std::optional<std::string> prompt;    // space-separated subset of none, consent, select_account
  std::optional<std::string> login_hint;
  std::optional<bool> include_granted_scopes;
};

// The URL to open in the browser: auth_uri (keeping any query it has) plus client_id,
// redirect_uri, response_type=code, scope, state, code_challenge, code_challenge_method,
// access_type, and prompt, login_hint, include_granted_scopes when set. Every value is
// percent-encoded except RFC 3986 unreserved characters (space is %20).
// kInvalidArgument naming the field for an empty client_id, redirect_uri, scopes or state, a
// bad access_type, prompt or challenge, or an auth_uri that is not an http(s) URL.
Result<std::string> BuildAuthorizationUrl(AuthorizationRequest const& request);

}  // namespace gauthflow

#endif  // GAUTHFLOW_AUTHORIZATION_REQUEST_H_
