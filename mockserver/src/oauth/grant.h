#ifndef GAUTHFLOW_MOCKSERVER_OAUTH_GRANT_H_
#define GAUTHFLOW_MOCKSERVER_OAUTH_GRANT_H_

#include <atomic>
#include <string>
#include <vector>

namespace gauthflow::mockserver {

// Everything issued from one consent: a refresh token (offline only) and the access tokens
// issued with it or from it. Revoking any of them revokes the grant as a whole, as Google's
// revoke endpoint does ("If the token is an access token and it has a corresponding refresh
// token, the refresh token will also be revoked"). Shared by the token store and, once a code
// is redeemed, by the code's record (so that a reuse of the code can revoke it).
struct Grant {
  std::string client_id;
  std::string user_email;
  std::vector<std::string> scopes;
  bool offline = false;
  std::string refresh_token;  // empty: none
  std::atomic<bool> revoked{false};
};

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_OAUTH_GRANT_H_
