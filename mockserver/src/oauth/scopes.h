#ifndef GAUTHFLOW_MOCKSERVER_OAUTH_SCOPES_H_
#define GAUTHFLOW_MOCKSERVER_OAUTH_SCOPES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gauthflow::mockserver {

// RFC 6749 §3.3: scopes are space-delimited; empty pieces are ignored, duplicates dropped.
std::vector<std::string> SplitScopes(std::string_view text);
std::string JoinScopes(std::vector<std::string> const& scopes);

// Google answers the short OpenID names with their long forms in `scope`
// ("email" → https://www.googleapis.com/auth/userinfo.email); "openid" stays as is.
std::string NormalizeScope(std::string_view scope);

// What the consent page says for a scope (Google's wording); nullopt for a scope Google does
// not know, which the authorization endpoint rejects with invalid_scope.
std::optional<std::string> DescribeScope(std::string_view normalized_scope);

// Google's device flow only allows a few scopes
// (developers.google.com/identity/protocols/oauth2/limited-input-device#allowedscopes).
bool IsDeviceFlowScope(std::string_view normalized_scope);

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_OAUTH_SCOPES_H_
