// RefreshingTokenSource, declared in token_source.h. It lives in its own object file so that
// programs using only CachedTokenSource do not need TokenClient linked in.
#include <chrono>
#include <utility>

#include "gauthflow/token_client.h"
#include "gauthflow/token_source.h"

namespace gauthflow {

RefreshingTokenSource::RefreshingTokenSource(TokenClient& client, Credentials credentials,
                                             RefreshCallback on_refresh)
    : client_(client), on_refresh_(std::move(on_refresh)), credentials_(std::move(credentials)) {}

Result<AccessToken> RefreshingTokenSource::GetToken(std::chrono::system_clock::time_point) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!credentials_.refresh_token || credentials_.refresh_token->empty()) {
    return MakeError(ErrorCode::kMissingField,
                     "the stored credentials have no refresh_token; log in again");
  }
  auto result = client_.Refresh(*credentials_.refresh_token);
  if (!result) return tl::unexpected(std::move(result).error());

  TokenResponse& token = result->token;
  credentials_.access_token = token.access_token;
  credentials_.expiry = token.expiry;
  // RFC 6749 §6: the server MAY issue a new refresh token; otherwise the old one stays valid.
  if (token.refresh_token && !token.refresh_token->empty()) {
    credentials_.refresh_token = std::move(token.refresh_token);
  }
  if (!token.scopes.empty()) credentials_.scopes = std::move(token.scopes);
  if (token.id_token) credentials_.id_token = std::move(token.id_token);
  if (on_refresh_) on_refresh_(credentials_);
  // No expires_in (RFC 6749 §5.1 allows it): valid until an API says otherwise, as google-auth
  // treats an expiry of None as never expired.
  return AccessToken{credentials_.access_token,
                     token.expiry.value_or(std::chrono::system_clock::time_point::max())};
}

Credentials RefreshingTokenSource::credentials() const {
  std::lock_guard<std::mutex> lock(mu_);
  return credentials_;
}

}  // namespace gauthflow
