// RefreshingTokenSource, declared in token_source.h. It lives in its own object file so that
// programs using only CachedTokenSource do not need TokenClient linked in.
#include <chrono>
#include <utility>

#include "gauthflow/credentials_store.h"
#include "gauthflow/token_client.h"
#include "gauthflow/token_source.h"

namespace gauthflow {
namespace {

Result<void> RequireRefreshToken(Credentials const& credentials) {
  if (!credentials.refresh_token || credentials.refresh_token->empty()) {
    return MakeError(ErrorCode::kMissingField,
                     "the stored credentials have no refresh_token; log in again");
  }
  return {};
}

// Keeps `credentials` current after a refresh grant: new access token, expiry, granted scopes
// and id_token, and a new refresh token only when the server rotated it.
AccessToken ApplyRefresh(Credentials& credentials, TokenResponse& token) {
  credentials.access_token = token.access_token;
  credentials.expiry = token.expiry;
  // RFC 6749 §6: the server MAY issue a new refresh token; otherwise the old one stays valid.
  if (token.refresh_token && !token.refresh_token->empty()) {
    credentials.refresh_token = std::move(token.refresh_token);
  }
  if (!token.scopes.empty()) credentials.scopes = std::move(token.scopes);
  if (token.id_token) credentials.id_token = std::move(token.id_token);
  // No expires_in (RFC 6749 §5.1 allows it): valid until an API says otherwise, as google-auth
  // treats an expiry of None as never expired.
  return AccessToken{credentials.access_token,
                     token.expiry.value_or(std::chrono::system_clock::time_point::max())};
}

}  // namespace

RefreshingTokenSource::RefreshingTokenSource(TokenClient& client, Credentials credentials,
                                             RefreshCallback on_refresh)
    : client_(client), on_refresh_(std::move(on_refresh)), credentials_(std::move(credentials)) {}

Result<AccessToken> RefreshingTokenSource::GetToken(std::chrono::system_clock::time_point) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto ok = RequireRefreshToken(credentials_); !ok) return tl::unexpected(ok.error());
  auto result = client_.Refresh(*credentials_.refresh_token);
  if (!result) return tl::unexpected(std::move(result).error());
  AccessToken token = ApplyRefresh(credentials_, result->token);
  if (on_refresh_) on_refresh_(credentials_);
  return token;
}

Credentials RefreshingTokenSource::credentials() const {
  std::lock_guard<std::mutex> lock(mu_);
  return credentials_;
}

FileRefreshingTokenSource::FileRefreshingTokenSource(TokenClient& client,
                                                     FileCredentialsStore& store,
                                                     Credentials credentials,
                                                     FileRefreshOptions options)
    : client_(client),
      store_(store),
      options_(std::move(options)),
      credentials_(std::move(credentials)) {}

Result<AccessToken> FileRefreshingTokenSource::GetToken(std::chrono::system_clock::time_point now) {
  std::lock_guard<std::mutex> guard(mu_);
  auto lock = store_.Lock(options_.lock_wait);
  if (!lock) return tl::unexpected(std::move(lock).error());

  // Whoever held the lock before us may have refreshed (or replaced, or revoked) the file.
  auto current = store_.Load();
  if (!current) return tl::unexpected(std::move(current).error());
  if (current->client_id != credentials_.client_id ||
      current->token_uri != credentials_.token_uri) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "the credentials at " + store_.path() +
                         " were replaced by another sign-in (another OAuth client) while this "
                         "command ran; run it again");
  }
  auto const expiry = current->expiry.value_or(std::chrono::system_clock::time_point::max());
  bool const refreshed_elsewhere = !current->access_token.empty() &&
                                   current->access_token != credentials_.access_token &&
                                   now < expiry - options_.slack;
  credentials_ = *std::move(current);
  if (refreshed_elsewhere) return AccessToken{credentials_.access_token, expiry};

  if (auto ok = RequireRefreshToken(credentials_); !ok) return tl::unexpected(ok.error());
  auto result = client_.Refresh(*credentials_.refresh_token);
  if (!result) return tl::unexpected(std::move(result).error());
  AccessToken token = ApplyRefresh(credentials_, result->token);
  // Saved before the lock is released: the processes waiting for it read this token.
  if (auto saved = store_.Save(credentials_); !saved && options_.on_save_error) {
    options_.on_save_error(saved.error());
  }
  return token;
}

Credentials FileRefreshingTokenSource::credentials() const {
  std::lock_guard<std::mutex> lock(mu_);
  return credentials_;
}

}  // namespace gauthflow
