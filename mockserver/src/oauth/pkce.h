#ifndef GAUTHFLOW_MOCKSERVER_OAUTH_PKCE_H_
#define GAUTHFLOW_MOCKSERVER_OAUTH_PKCE_H_

#include <string_view>

namespace gauthflow::mockserver {

// RFC 7636 §4.1/§4.2: verifiers and challenges are 43..128 characters of
// [A-Z] [a-z] [0-9] "-" "." "_" "~".
bool IsValidPkceString(std::string_view value);

// RFC 7636 §4.6: plain compares as is; S256 compares BASE64URL(SHA256(verifier)).
bool PkceMatches(std::string_view method, std::string_view challenge, std::string_view verifier);

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_OAUTH_PKCE_H_
