#ifndef GAUTHFLOW_MOCKSERVER_OAUTH_TRANSACTION_STORE_H_
#define GAUTHFLOW_MOCKSERVER_OAUTH_TRANSACTION_STORE_H_

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "oauth/auth_request.h"
#include "oauth/sharded_map.h"
#include "oauth/sweep_schedule.h"
#include "server_clock.h"

namespace gauthflow::mockserver {

inline constexpr std::chrono::seconds kTransactionLifetime{3600};

// A consent page shown and not yet answered. Its id travels in the approval form instead of
// anything that could be redeemed.
struct Transaction {
  enum class Kind { kRedirect, kDevice };
  Kind kind = Kind::kRedirect;
  AuthRequest request;
  std::string device_code;  // kDevice
  TimePoint expiry{};
};

// Pending consent pages, by transaction id; each can be answered once, within an hour.
class TransactionStore {
 public:
  explicit TransactionStore(ServerClock const& clock) : clock_(clock) {}

  // Stores `transaction` (its expiry set from the clock) under a new random id.
  std::string Add(Transaction transaction);
  // The unexpired transaction, removed; nullopt if unknown, expired or taken already (also by a
  // concurrent second submit of the same form).
  std::optional<Transaction> Take(std::string const& id);
  std::size_t Count() const { return transactions_.Count(); }
  void Clear() { transactions_.Clear(); }

 private:
  ServerClock const& clock_;
  ShardedMap<Transaction> transactions_;
  SweepSchedule sweep_;
};

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_OAUTH_TRANSACTION_STORE_H_
