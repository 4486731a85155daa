#include "oauth/token_store.h"

#include <algorithm>
#include <chrono>
#include <limits>

#include "oauth/random_tokens.h"

namespace gauthflow::mockserver {
namespace {

std::int64_t Millis(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// earliest = min(earliest, value), for concurrent writers.
void LowerTo(std::atomic<std::int64_t>& earliest, std::int64_t value) {
  std::int64_t seen = earliest.load(std::memory_order_relaxed);
  while (value < seen && !earliest.compare_exchange_weak(seen, value, std::memory_order_relaxed)) {
  }
}

}  // namespace

std::shared_ptr<Grant> TokenStore::NewGrant(std::string client_id, std::string user_email,
                                            std::vector<std::string> scopes, bool offline,
                                            bool with_refresh_token) {
  auto grant = std::make_shared<Grant>();
  grant->client_id = std::move(client_id);
  grant->user_email = std::move(user_email);
  grant->scopes = std::move(scopes);
  grant->offline = offline;
  if (!with_refresh_token) return grant;
  grant->refresh_token = NewRefreshToken();
  std::shared_ptr<Grant> evicted;
  {
    // Registered and ordered under one lock, so that a concurrent RevokeGrant of this grant
    // finds it in both places or in neither.
    std::lock_guard<std::mutex> lock(refresh_order_mu_);
    refresh_tokens_.Insert(grant->refresh_token, grant);
    auto& order = refresh_order_[{grant->client_id, grant->user_email}];
    order.push_back(grant);
    if (order.size() > kRefreshTokensPerClientAndUser) {
      evicted = std::move(order.front());
      order.pop_front();
    }
  }
  if (evicted) RevokeGrant(evicted);
  return grant;
}

std::string TokenStore::IssueAccessToken(std::shared_ptr<Grant> const& grant, TimePoint expiry) {
  std::string token = NewAccessToken();
  access_tokens_.Insert(token, AccessTokenRecord{grant, expiry});
  LowerTo(earliest_expiry_ms_, Millis(expiry));
  if (sweep_.Tick()) {
    // Long-expired tokens, and every token of a revoked grant (no longer valid, never again).
    auto const cutoff = clock_.Now() - SweepSchedule::kGrace;
    bool const revoked = revoked_since_sweep_.exchange(false, std::memory_order_acq_rel);
    if (revoked || earliest_expiry_ms_.load(std::memory_order_relaxed) < Millis(cutoff)) {
      // Reset before the scan: inserts meanwhile lower it themselves, the survivors below.
      earliest_expiry_ms_.store(std::numeric_limits<std::int64_t>::max(), std::memory_order_relaxed);
      access_tokens_.EraseIf([&](auto const&, AccessTokenRecord const& record) {
        bool const dead =
            record.expiry < cutoff || record.grant->revoked.load(std::memory_order_acquire);
        if (!dead) LowerTo(earliest_expiry_ms_, Millis(record.expiry));
        return dead;
      });
    }
  }
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
  RevokeGrant(grant);
  return true;
}

void TokenStore::RevokeGrant(std::shared_ptr<Grant> const& grant) {
  if (grant->revoked.exchange(true, std::memory_order_acq_rel)) return;  // revoked already
  revoked_since_sweep_.store(true, std::memory_order_release);  // its access tokens can go
  if (grant->refresh_token.empty()) return;
  std::lock_guard<std::mutex> lock(refresh_order_mu_);
  refresh_tokens_.Erase(grant->refresh_token);
  auto it = refresh_order_.find({grant->client_id, grant->user_email});
  if (it == refresh_order_.end()) return;
  auto& order = it->second;
  order.erase(std::remove(order.begin(), order.end(), grant), order.end());
  if (order.empty()) refresh_order_.erase(it);
}

void TokenStore::Clear() {
  std::lock_guard<std::mutex> lock(refresh_order_mu_);
  access_tokens_.Clear();
  refresh_tokens_.Clear();
  refresh_order_.clear();
  revoked_since_sweep_.store(false);
  earliest_expiry_ms_.store(std::numeric_limits<std::int64_t>::max());
}

}  // namespace gauthflow::mockserver
