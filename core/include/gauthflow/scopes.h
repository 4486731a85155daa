#ifndef GAUTHFLOW_SCOPES_H_
#define GAUTHFLOW_SCOPES_H_

#include <string>
#include <string_view>
#include <vector>

namespace gauthflow {

inline constexpr char kGoogleScopePrefix[] = "https://www.googleapis.com/auth/";

// "drive.metadata.readonly" -> "https://www.googleapis.com/auth/drive.metadata.readonly".
// Full URLs (anything with "://") and the OpenID Connect scopes "openid", "email", "profile"
// are returned unchanged; so is an empty string.
std::string ExpandScope(std::string_view scope);
std::vector<std::string> ExpandScopes(std::vector<std::string> const& scopes);

// RFC 6749 §3.3: scopes are space-delimited. Runs of whitespace are treated as one separator
// and empty items are dropped.
std::vector<std::string> SplitScopes(std::string_view scopes);
std::string JoinScopes(std::vector<std::string> const& scopes);

// The scopes of `asked` (as spelled by the caller, without duplicates) that `granted` does not
// cover. Both sides are expanded first, and Google's equivalent spellings count as the same
// scope: "email" = ".../auth/userinfo.email", "profile" = ".../auth/userinfo.profile" (Google
// answers with the long forms). Broader scopes are not assumed to imply narrower ones.
std::vector<std::string> MissingScopes(std::vector<std::string> const& asked,
                                       std::vector<std::string> const& granted);

}  // namespace gauthflow

#endif  // GAUTHFLOW_SCOPES_H_
