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
class FileCredentialsStore;

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

struct FileRefreshOptions {
  // A token saved by another process is used only if it is valid for longer than this (the
  // same slack CachedTokenSource applies, so that it is not refreshed again at once).
  std::chrono::system_clock::duration slack = kDefaultRefreshSlack;
  // How long to wait for another process's refresh (FileCredentialsStore::Lock).
  std::chrono::milliseconds lock_wait = std::chrono::minutes(2);
  // Called when the refreshed credentials could not be saved (the token is still returned).
  std::function<void(Error const&)> on_save_error = nullptr;
};

// Refreshes credentials kept in a file that other processes refresh too (the CLI's credentials
// file, used by many `gauthflow token` at once): one refresh at a time across processes.
//  1. take the file's lock (FileCredentialsStore::Lock, bounded by `lock_wait`);
//  2. read the file again: if it holds an access token other than the one this source holds,
//     valid beyond `slack`, another process has just refreshed — use its token, send nothing;
//  3. otherwise refresh as RefreshingTokenSource does, save, and only then release the lock.
// Errors: the lock's (kTimeout), the re-read's (kFileNotFound when the file was deleted
// meanwhile; kInvalidArgument when another sign-in replaced it with another client's
// credentials), kMissingField when there is no refresh token, TokenClient::Refresh's.
// Wrap it in CachedTokenSource. Thread-safe.
class FileRefreshingTokenSource : public AccessTokenSource {
 public:
  // `client` (configured with the credentials' client and token_uri) and `store` must outlive
  // this object.
  FileRefreshingTokenSource(TokenClient& client, FileCredentialsStore& store,
                            Credentials credentials, FileRefreshOptions options = {});

  Result<AccessToken> GetToken(std::chrono::system_clock::time_point now) override;

  // A copy of the current credentials (the refreshed or adopted ones).
  Credentials credentials() const;

 private:
  TokenClient& client_;
  FileCredentialsStore& store_;
  FileRefreshOptions const options_;
  mutable std::mutex mu_;
  Credentials credentials_;  // guarded by mu_
};

}  // namespace gauthflow

#endif  // GAUTHFLOW_TOKEN_SOURCE_H_
