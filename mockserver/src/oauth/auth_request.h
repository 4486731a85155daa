#ifndef GAUTHFLOW_MOCKSERVER_OAUTH_AUTH_REQUEST_H_
#define GAUTHFLOW_MOCKSERVER_OAUTH_AUTH_REQUEST_H_

#include <string>
#include <vector>

namespace gauthflow::mockserver {

// A validated authorization request (or the device-flow equivalent).
struct AuthRequest {
  std::string client_id;
  std::string redirect_uri;
  std::vector<std::string> scopes;  // normalized, in request order
  std::string state;
  std::string nonce;
  std::string login_hint;
  bool offline = false;         // access_type=offline
  bool prompt_consent = false;  // prompt contains "consent"
  bool include_granted_scopes = false;
  std::string code_challenge;
  std::string code_challenge_method;  // "S256", "plain", or "" without PKCE
};

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_OAUTH_AUTH_REQUEST_H_
