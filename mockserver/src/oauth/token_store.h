#ifndef GAUTHFLOW_MOCKSERVER_OAUTH_TOKEN_STORE_H_
#define GAUTHFLOW_MOCKSERVER_OAUTH_TOKEN_STORE_H_

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "oauth/grant.h"
#include "oauth/sharded_map.h"
#include "oauth/sweep_schedule.h"
#include "server_clock.h"

namespace gauthflow::mockserver {

// Google's access tokens live 3599 s, as answered in expires_in.
inline constexpr std::chrono::seconds kAccessTokenLifetime{3599};

// "There is currently a limit of 100 refresh tokens per Google Account per OAuth 2.0 client ID.
// If the limit is reached, creating a new refresh token automatically invalidates the oldest
// refresh token without warning." (developers.google.com/identity/protocols/oauth2, "Refresh
// token expiration").
inline constexpr std::size_t kRefreshTokensPerClientAndUser = 100;

struct AccessTokenRecord {
  std::shared_ptr<Grant> grant;
  TimePoint expiry{};
};

// Grants and the access and refresh tokens issued on them. Both token maps are sharded, so the
// hot paths (token, tokeninfo, Drive) rarely contend; a grant's revocation is one atomic flag
// that all its tokens share.
//
// What is kept: each live refresh token (at most kRefreshTokensPerClientAndUser per client and
// user: the 101st evicts the oldest grant, as Google does), and each access token until its
// expiry. A revoked or evicted grant's refresh token is erased at once, its access tokens at the
// next sweep (SweepSchedule, with the expired ones), so that a sign-in loop holds memory for
// the live grants only.
class TokenStore {
 public:
  explicit TokenStore(ServerClock const& clock) : clock_(clock) {}

  // A new grant; with a refresh token (registered here) when `with_refresh_token`. A refresh
  // token beyond the limit for (client, user) revokes the grant of the oldest one.
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
  // Revokes `grant` (e.g. on reuse of its code) and releases its refresh token. Idempotent.
  void RevokeGrant(std::shared_ptr<Grant> const& grant);
  // Access tokens held, live or not yet swept.
  std::size_t AccessTokenCount() const { return access_tokens_.Count(); }
  // Refresh tokens held (all live: a revoked one is erased at once).
  std::size_t RefreshTokenCount() const { return refresh_tokens_.Count(); }
  void Clear();

 private:
  using ClientAndUser = std::pair<std::string, std::string>;

  ServerClock const& clock_;
  // One per access token issued in the last hour and more: a refresh loop under load holds
  // millions. 1,024 shards keep each shard's rehash (on the issuing request) to a few thousand
  // entries instead of tens of thousands.
  static constexpr std::size_t kAccessTokenShards = 1024;
  ShardedMap<AccessTokenRecord, kAccessTokenShards> access_tokens_;
  ShardedMap<std::shared_ptr<Grant>> refresh_tokens_;
  // The grants holding a live refresh token, oldest first, per (client, user). One lock: it is
  // taken once per code exchange or revocation, never on refresh or resource requests.
  std::mutex refresh_order_mu_;
  std::map<ClientAndUser, std::deque<std::shared_ptr<Grant>>> refresh_order_;
  SweepSchedule sweep_;
  // What a sweep could erase, so that it scans only when something can go: an access token of a
  // grant revoked since the last sweep, or the earliest expiry held lying before the cutoff. A
  // refresh loop on one grant (the token endpoint under load) holds hundreds of thousands of live
  // tokens for an hour; scanning them every kEvery issues paused a serving loop for milliseconds.
  std::atomic<bool> revoked_since_sweep_{false};
  std::atomic<std::int64_t> earliest_expiry_ms_{std::numeric_limits<std::int64_t>::max()};
};

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_OAUTH_TOKEN_STORE_H_
