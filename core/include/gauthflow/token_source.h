#ifndef GAUTHFLOW_TOKEN_SOURCE_H_
#define GAUTHFLOW_TOKEN_SOURCE_H_

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "gauthflow/credentials.h"
#include "gauthflow/error.h"

namespace gauthflow {

class TokenClient;

struct AccessToken {
  std::string token;
  // time_point::max() when the server did not say (no expires_in): never refreshed early.
  std::chrono::system_clock::time_point expiry{};
};

// Something that hands out access tokens. The time is a parameter (as in google-cloud-cpp's
// `GetToken(now)`) so that expiry logic is tested with time points, not sleeps.
class AccessTokenSource {
 public:
  virtual ~AccessTokenSource() = default;
  virtual Result<AccessToken> GetToken(std::chrono::system_clock::time_point now) = 0;
};

// google-auth's REFRESH_THRESHOLD (google/auth/_helpers.py): a token counts as expired 3 min 45 s
// before its expiry, so that it does not run out in flight.
inline constexpr std::chrono::seconds kDefaultRefreshSlack{3 * 60 + 45};

// Caches another source's token and refreshes through it only when needed:
//  - now < expiry - slack: the cached token;
//  - otherwise the inner source is asked; if that fails while the cached token is still valid
//    (now < expiry) the cached token is served anyway (google-cloud-cpp does the same), and the
//    next call tries again; once it has expired, the inner error is returned.
// Thread-safe. The mutex is held across the inner call on purpose: callers arriving at expiry
// together wait for one refresh instead of each starting their own.
class CachedTokenSource : public AccessTokenSource {
 public:
  explicit CachedTokenSource(std::unique_ptr<AccessTokenSource> inner,
                             std::optional<AccessToken> initial = std::nullopt,
                             std::chrono::system_clock::duration slack = kDefaultRefreshSlack);

  Result<AccessToken> GetToken(std::chrono::system_clock::time_point now) override;

 private:
  std::unique_ptr<AccessTokenSource> inner_;
  std::chrono::system_clock::duration const slack_;
  std::mutex mu_;
  std::optional<AccessToken> cached_;  // guarded by mu_
};

// Called with the credentials after every successful refresh (the CLI persists them with it).
using RefreshCallback = std::function<void(Credentials const&)>;

// Refreshes on every call with the refresh_token grant (RFC 6749 §6) through TokenClient, and
// keeps the Credentials current: new access token, expiry, granted scopes and id_token, and a new
// refresh token when the server rotates it (Google normally sends none; the old one is kept).
// No scope parameter is sent, so Google returns the originally granted scopes: sending the
// stored list would fail with invalid_scope if it ever lists more than was granted.
// Wrap it in CachedTokenSource to refresh only when the token is about to expire.
// Thread-safe; `on_refresh` runs under the lock, so saves happen in refresh order, and it must
// not call back into this object.
class RefreshingTokenSource : public AccessTokenSource {
 public:
  // `client` must outlive this object and be configured with the credentials' client and
  // token_uri.
  RefreshingTokenSource(TokenClient& client, Credentials credentials,
                        RefreshCallback on_refresh = nullptr);

  // kMissingField when the credentials have no refresh token; TokenClient::Refresh's errors
  // (e.g. kInvalidGrant: "Token has been expired or revoked.") otherwise. `now` is not used:
  // TokenClient computes the expiry with its own Clock.
  Result<AccessToken> GetToken(std::chrono::system_clock::time_point now) override;

  // A copy of the current credentials.
  Credentials credentials() const;

 private:
  TokenClient& client_;
  RefreshCallback on_refresh_;
  mutable std::mutex mu_;
  Credentials credentials_;  // guarded by mu_
};

}  // namespace gauthflow

#endif  // GAUTHFLOW_TOKEN_SOURCE_H_
