#ifndef GAUTHFLOW_MOCKSERVER_OAUTH_CODE_STORE_H_
#define GAUTHFLOW_MOCKSERVER_OAUTH_CODE_STORE_H_

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "oauth/auth_request.h"
#include "oauth/grant.h"
#include "oauth/sharded_map.h"
#include "oauth/sweep_schedule.h"
#include "server_clock.h"

namespace gauthflow::mockserver {

// Codes live 10 minutes (RFC 6749 §4.1.2 recommends at most that).
inline constexpr std::chrono::seconds kCodeLifetime{600};

struct CodeRecord {
  AuthRequest request;
  std::string user_email;
  TimePoint expiry{};
  bool used = false;
  std::shared_ptr<Grant> grant;  // set once redeemed, to revoke on reuse
};

// Authorization codes, sharded by code. A code is redeemed once: Claim is the one
// check-and-set, so of two concurrent exchanges exactly one wins. A used code's record is kept
// (until swept an hour after its expiry) so that a second use can be told apart from a made-up
// code and revoke what the first use issued.
class CodeStore {
 public:
  explicit CodeStore(ServerClock const& clock) : clock_(clock) {}

  // A new code for `request`, approved by `user_email`, expiring kCodeLifetime from now.
  std::string Issue(AuthRequest const& request, std::string const& user_email);
  // A copy of the code's record, used or not, expired or not.
  std::optional<CodeRecord> Find(std::string const& code) const;
  // Marks the code used; false when it was used already (e.g. by a concurrent request) or is
  // unknown.
  bool Claim(std::string const& code);
  // Remembers the grant made from a claimed code, so that a reuse can revoke it.
  void AttachGrant(std::string const& code, std::shared_ptr<Grant> const& grant);
  std::size_t Count() const { return codes_.Count(); }
  void Clear() { codes_.Clear(); }

 private:
  ServerClock const& clock_;
  ShardedMap<CodeRecord> codes_;
  SweepSchedule sweep_;
};

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_OAUTH_CODE_STORE_H_
