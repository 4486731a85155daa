#ifndef GAUTHFLOW_MOCKSERVER_OAUTH_CONSENT_STORE_H_
#define GAUTHFLOW_MOCKSERVER_OAUTH_CONSENT_STORE_H_

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace gauthflow::mockserver {

// What each user consented to, per client, and whether that consent has brought a refresh
// token yet. One lock: consents change once per sign-in, not per token request.
class ConsentStore {
 public:
  std::vector<std::string> GrantedScopes(std::string const& client_id,
                                         std::string const& user_email) const;
  // Adds `scopes` to what the user granted the client (consents accumulate, as Google's do).
  void RecordConsent(std::string const& client_id, std::string const& user_email,
                     std::vector<std::string> const& scopes);
  // Google issues a refresh token on the first offline exchange for a client and user, and again
  // only when the user was asked to consent anew (prompt=consent). Returns whether this exchange
  // gets one, and records that it did.
  bool ClaimRefreshToken(std::string const& client_id, std::string const& user_email, bool force);
  void Clear();

 private:
  struct Consent {
    std::set<std::string> scopes;
    bool refresh_issued = false;
  };
  mutable std::mutex mu_;
  std::map<std::pair<std::string, std::string>, Consent> consents_;  // (client, user)
};

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_OAUTH_CONSENT_STORE_H_
