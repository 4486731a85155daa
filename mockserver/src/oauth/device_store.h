#ifndef GAUTHFLOW_MOCKSERVER_OAUTH_DEVICE_STORE_H_
#define GAUTHFLOW_MOCKSERVER_OAUTH_DEVICE_STORE_H_

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "oauth/sweep_schedule.h"
#include "server_clock.h"

namespace gauthflow::mockserver {

// Google's device codes live 1800 s and are polled every 5 s.
inline constexpr std::chrono::seconds kDeviceCodeLifetime{1800};
inline constexpr int kDevicePollInterval = 5;

enum class DeviceStatus { kPending, kApproved, kDenied, kRedeemed };

struct DeviceRecord {
  std::string device_code;
  std::string user_code;
  std::string client_id;
  std::vector<std::string> scopes;
  TimePoint expiry{};
  int interval_seconds = kDevicePollInterval;
  std::optional<TimePoint> last_poll;
  DeviceStatus status = DeviceStatus::kPending;
  std::string user_email;
};

// The outcome of one device-code poll (RFC 8628 §3.5).
enum class DevicePollOutcome { kUnknown, kWrongClient, kExpired, kPending, kSlowDown, kDenied,
                               kApproved, kRedeemed };
struct DevicePoll {
  DevicePollOutcome outcome = DevicePollOutcome::kUnknown;
  DeviceRecord record;
};

// Device codes (RFC 8628) by device code and by user code. One lock: a poll reads and writes
// the record (interval, last poll, status) in one step, and device flows are few.
class DeviceStore {
 public:
  explicit DeviceStore(ServerClock const& clock) : clock_(clock) {}

  // A new pending device code with a user code unique among the held ones.
  DeviceRecord Add(std::string const& client_id, std::vector<std::string> scopes);
  // One token-endpoint poll by `client_id`; an approved code is redeemed by the poll that sees it.
  DevicePoll Poll(std::string const& device_code, std::string const& client_id);
  // Case, dashes and spaces in `user_code` do not matter.
  std::optional<DeviceRecord> FindByUserCode(std::string const& user_code) const;
  // Approves (with the user) or denies a pending, unexpired device code. False otherwise.
  bool Decide(std::string const& device_code, bool approve, std::string const& user_email);
  // Every held device code, soonest expiry first.
  std::vector<DeviceRecord> List() const;
  void Clear();

 private:
  ServerClock const& clock_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, DeviceRecord> devices_;   // by device code
  std::unordered_map<std::string, std::string> user_codes_;  // normalized user code → device code
  SweepSchedule sweep_;
};

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_OAUTH_DEVICE_STORE_H_
