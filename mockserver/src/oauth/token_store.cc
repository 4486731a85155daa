#include "oauth/token_store.h"

#include "oauth/random_tokens.h"

namespace gauthflow::mockserver {

std::shared_ptr<Grant> TokenStore::NewGrant(std::string client_id, std::string user_email,
                                            std::vector<std::string> scopes, bool offline,
                                            bool with_refresh_token) {
  auto grant = std::make_shared<Grant>();
  grant->client_id = std::move(client_id);
  grant->user_email = std::move(user_email);
  grant->scopes = std::move(scopes);
  grant->offline = offline;
  if (with_refresh_token) {
    grant->refresh_token = NewRefreshToken();
    refresh_tokens_.Insert(grant->refresh_token, grant);
  }
  return grant;
}

std::string TokenStore::IssueAccessToken(std::shared_ptr<Grant> const& grant, TimePoint expiry) {
  std::string token = NewAccessToken();
  access_tokens_.Insert(token, AccessTokenRecord{grant, expiry});
  sweep_.CountInsert(access_tokens_, clock_.Now());
  return token;
}

std::optional<AccessTokenRecord> TokenStore::LiveAccessToken(std::string const& token) const {
  auto record = access_tokens_.Find(token);
  if (!record || record->grant->revoked.load(std::memory_order_acquire) ||
      record->expiry <= clock_.Now()) {
    return std::nullopt;
  }
  return record;
}

std::shared_ptr<Grant> TokenStore::LiveRefreshToken(std::string const& token) const {
  auto grant = refresh_tokens_.Find(token);
  if (!grant || (*grant)->revoked.load(std::memory_order_acquire)) return nullptr;
  return *grant;
}

bool TokenStore::Revoke(std::string const& token) {
  std::shared_ptr<Grant> grant;
  if (auto access = LiveAccessToken(token)) {
    grant = access->grant;
  } else {
    grant = LiveRefreshToken(token);
  }
  if (!grant) return false;
  grant->revoked.store(true, std::memory_order_release);
  return true;
}

void TokenStore::Clear() {
  access_tokens_.Clear();
  refresh_tokens_.Clear();
}

}  // namespace gauthflow::mockserver
