#ifndef GAUTHFLOW_MOCKSERVER_OAUTH_TOKEN_STORE_H_
#define GAUTHFLOW_MOCKSERVER_OAUTH_TOKEN_STORE_H_

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "oauth/grant.h"
#include "oauth/sharded_map.h"
#include "oauth/sweep_schedule.h"
#include "server_clock.h"

namespace gauthflow::mockserver {

// Google's access tokens live 3599 s, as answered in expires_in.
inline constexpr std::chrono::seconds kAccessTokenLifetime{3599};

struct AccessTokenRecord {
  std::shared_ptr<Grant> grant;
  TimePoint expiry{};
};

// Grants and the access and refresh tokens issued on them. Both token maps are sharded, so the
// hot paths (token, tokeninfo, Drive) rarely contend; a grant's revocation is one atomic flag
// that all its tokens share. Expired access tokens are swept (SweepSchedule).
class TokenStore {
 public:
  explicit TokenStore(ServerClock const& clock) : clock_(clock) {}

  // A new grant; with a refresh token (registered here) when `with_refresh_token`.
  std::shared_ptr<Grant> NewGrant(std::string client_id, std::string user_email,
                                  std::vector<std::string> scopes, bool offline,
                                  bool with_refresh_token);
  // A new access token on `grant`, expiring at `expiry`.
  std::string IssueAccessToken(std::shared_ptr<Grant> const& grant, TimePoint expiry);
  // The record of a live (known, unrevoked, unexpired) access token.
  std::optional<AccessTokenRecord> LiveAccessToken(std::string const& token) const;
  // The grant of a live refresh token.
  std::shared_ptr<Grant> LiveRefreshToken(std::string const& token) const;
  // Revokes the grant of an access or refresh token. False if the token is unknown or no
  // longer valid.
  bool Revoke(std::string const& token);
  // Access tokens held, live or not yet swept.
  std::size_t AccessTokenCount() const { return access_tokens_.Count(); }
  void Clear();

 private:
  ServerClock const& clock_;
  ShardedMap<AccessTokenRecord> access_tokens_;
  ShardedMap<std::shared_ptr<Grant>> refresh_tokens_;
  SweepSchedule sweep_;
};

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_OAUTH_TOKEN_STORE_H_
