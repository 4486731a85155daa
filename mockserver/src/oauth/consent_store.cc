#include "oauth/consent_store.h"

namespace gauthflow::mockserver {

std::vector<std::string> ConsentStore::GrantedScopes(std::string const& client_id,
                                                     std::string const& user_email) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = consents_.find({client_id, user_email});
  if (it == consents_.end()) return {};
  return {it->second.scopes.begin(), it->second.scopes.end()};
}

void ConsentStore::RecordConsent(std::string const& client_id, std::string const& user_email,
                                 std::vector<std::string> const& scopes) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& consent = consents_[{client_id, user_email}];
  consent.scopes.insert(scopes.begin(), scopes.end());
}

bool ConsentStore::ClaimRefreshToken(std::string const& client_id, std::string const& user_email,
                                     bool force) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& consent = consents_[{client_id, user_email}];
  bool issue = force || !consent.refresh_issued;
  consent.refresh_issued = true;
  return issue;
}

void ConsentStore::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  consents_.clear();
}

}  // namespace gauthflow::mockserver
