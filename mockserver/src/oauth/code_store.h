#ifndef GAUTHFLOW_MOCKSERVER_OAUTH_CODE_STORE_H_
#define GAUTHFLOW_MOCKSERVER_OAUTH_CODE_STORE_H_

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "oauth/auth_request.h"
#include "oauth/grant.h"
#include "oauth/sharded_map.h"
#include "oauth/sweep_schedule.h"
#include "server_clock.h"

namespace gauthflow::mockserver {

// Codes live 10 minutes (RFC 6749 §4.1.2 recommends at most that).
inline constexpr std::chrono::seconds kCodeLifetime{600};

// What a code was issued for: the exchange checks the request against it.
struct CodeAuthorization {
  AuthRequest request;
  std::string user_email;
};

// A held code. Until redeemed it carries its authorization; redeeming shrinks it to a tombstone
// (expiry and, once attached, the grant made from it), so that a reuse can still revoke that
// grant (RFC 6749 §4.1.2) without the fake keeping a whole request per redeemed code.
struct CodeRecord {
  std::shared_ptr<CodeAuthorization const> authorization;  // null once redeemed
  std::shared_ptr<Grant> grant;                            // set once redeemed, to revoke on reuse
  TimePoint expiry{};
  bool used() const { return authorization == nullptr; }
};

// Authorization codes, sharded by code. A code is redeemed once: Claim is the one
// check-and-set, so of two concurrent exchanges exactly one wins.
//
// What is kept: a pending code's record until it expires (and SweepSchedule's grace has passed);
// a redeemed code's tombstone until then too, or until the sweep finds its grant revoked (by
// /revoke, a reuse, or the 100-refresh-token limit evicting it), whichever is first. A grant
// that is gone needs no tombstone to be revoked on reuse; and the reuse is still recognised:
// codes are self-authenticating (Expiry below), so a code that this server issued, whose
// lifetime has not ended and which is no longer held can only have been redeemed already.
// That keeps memory bounded by the live grants under a sign-in loop, and keeps Google's
// answers: "Bad Request" for a used or expired code, "Malformed auth code." for one it never
// issued.
class CodeStore {
 public:
  explicit CodeStore(ServerClock const& clock);

  // A new code for `request`, approved by `user_email`, expiring kCodeLifetime from now.
  std::string Issue(AuthRequest const& request, std::string const& user_email);
  // A copy of the held code's record, pending or redeemed, expired or not.
  std::optional<CodeRecord> Find(std::string const& code) const;
  // The expiry of a code that this server issued since the last Clear, held or not; nullopt for
  // any other string (a made-up code, or one from before a reset).
  std::optional<TimePoint> IssuedExpiry(std::string_view code) const;
  // Marks the code used (dropping its authorization); false when it was used already (e.g. by
  // a concurrent request) or is unknown.
  bool Claim(std::string const& code);
  // Remembers the grant made from a claimed code, so that a reuse can revoke it.
  void AttachGrant(std::string const& code, std::shared_ptr<Grant> const& grant);
  std::size_t Count() const { return codes_.Count(); }
  // Forgets every code, and changes the key so that codes issued before are no longer
  // recognised (a reset server never issued them).
  void Clear();

 private:
  std::string Key() const;

  ServerClock const& clock_;
  mutable std::mutex key_mu_;
  std::string key_;  // HMAC key, random per server and per Clear
  ShardedMap<CodeRecord> codes_;
  SweepSchedule sweep_;
};

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_OAUTH_CODE_STORE_H_
