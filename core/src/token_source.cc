#include "gauthflow/token_source.h"

#include <utility>

namespace gauthflow {

CachedTokenSource::CachedTokenSource(std::unique_ptr<AccessTokenSource> inner,
                                     std::optional<AccessToken> initial,
                                     std::chrono::system_clock::duration slack)
    : inner_(std::move(inner)), slack_(slack), cached_(std::move(initial)) {}

Result<AccessToken> CachedTokenSource::GetToken(std::chrono::system_clock::time_point now) {
  std::lock_guard<std::mutex> lock(mu_);
  // google-auth: expired when now >= expiry - REFRESH_THRESHOLD (google/auth/credentials.py).
  if (cached_ && now < cached_->expiry - slack_) return *cached_;
  auto refreshed = inner_->GetToken(now);
  if (refreshed) {
    cached_ = *refreshed;
    return refreshed;
  }
  // A failed refresh inside the slack window is not the caller's problem yet: the token still
  // works (google-cloud-cpp's cached credentials behave the same way).
  if (cached_ && now < cached_->expiry) return *cached_;
  return refreshed;
}

}  // namespace gauthflow
