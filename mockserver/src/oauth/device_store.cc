#include "oauth/device_store.h"

#include <algorithm>

#include "oauth/random_tokens.h"

namespace gauthflow::mockserver {
namespace {

std::string NormalizeUserCode(std::string const& user_code) {
  std::string out;
  for (char c : user_code) {
    if (c == '-' || c == ' ') continue;
    out.push_back(static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c));
  }
  return out;
}

}  // namespace

DeviceRecord DeviceStore::Add(std::string const& client_id, std::vector<std::string> scopes) {
  TimePoint const now = clock_.Now();
  DeviceRecord record;
  record.device_code = NewDeviceCode();
  record.client_id = client_id;
  record.scopes = std::move(scopes);
  record.expiry = now + kDeviceCodeLifetime;
  std::lock_guard<std::mutex> lock(mu_);
  if (sweep_.Tick()) {
    TimePoint const cutoff = now - SweepSchedule::kGrace;
    for (auto it = devices_.begin(); it != devices_.end();) {
      if (it->second.expiry < cutoff) {
        user_codes_.erase(NormalizeUserCode(it->second.user_code));
        it = devices_.erase(it);
      } else {
        ++it;
      }
    }
  }
  do {
    record.user_code = NewUserCode();
  } while (user_codes_.count(NormalizeUserCode(record.user_code)) > 0);
  user_codes_[NormalizeUserCode(record.user_code)] = record.device_code;
  devices_[record.device_code] = record;
  return record;
}

DevicePoll DeviceStore::Poll(std::string const& device_code, std::string const& client_id) {
  TimePoint const now = clock_.Now();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = devices_.find(device_code);
  if (it == devices_.end()) return {};
  DeviceRecord& record = it->second;
  DevicePoll poll;
  if (record.client_id != client_id) {
    poll.outcome = DevicePollOutcome::kWrongClient;
  } else if (record.status == DeviceStatus::kRedeemed) {
    poll.outcome = DevicePollOutcome::kRedeemed;
  } else if (record.expiry <= now) {
    poll.outcome = DevicePollOutcome::kExpired;
  } else if (record.status == DeviceStatus::kDenied) {
    poll.outcome = DevicePollOutcome::kDenied;
  } else if (record.status == DeviceStatus::kApproved) {
    record.status = DeviceStatus::kRedeemed;
    poll.outcome = DevicePollOutcome::kApproved;
  } else if (record.last_poll &&
             now - *record.last_poll < std::chrono::seconds(record.interval_seconds)) {
    // RFC 8628 §3.5: polled faster than the interval; the interval grows by 5 s for this and
    // all later requests. It stays below the code's lifetime, so it cannot overflow.
    record.interval_seconds = std::min<int>(record.interval_seconds + 5,
                                            static_cast<int>(kDeviceCodeLifetime.count()));
    record.last_poll = now;
    poll.outcome = DevicePollOutcome::kSlowDown;
  } else {
    record.last_poll = now;
    poll.outcome = DevicePollOutcome::kPending;
  }
  poll.record = record;
  return poll;
}

std::optional<DeviceRecord> DeviceStore::FindByUserCode(std::string const& user_code) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto code = user_codes_.find(NormalizeUserCode(user_code));
  if (code == user_codes_.end()) return std::nullopt;
  auto it = devices_.find(code->second);
  if (it == devices_.end()) return std::nullopt;
  return it->second;
}

bool DeviceStore::Decide(std::string const& device_code, bool approve,
                         std::string const& user_email) {
  TimePoint const now = clock_.Now();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = devices_.find(device_code);
  if (it == devices_.end() || it->second.status != DeviceStatus::kPending ||
      it->second.expiry <= now) {
    return false;
  }
  it->second.status = approve ? DeviceStatus::kApproved : DeviceStatus::kDenied;
  it->second.user_email = user_email;
  return true;
}

std::vector<DeviceRecord> DeviceStore::List() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<DeviceRecord> out;
  out.reserve(devices_.size());
  for (auto const& [code, record] : devices_) out.push_back(record);
  std::sort(out.begin(), out.end(),
            [](DeviceRecord const& a, DeviceRecord const& b) { return a.expiry < b.expiry; });
  return out;
}

void DeviceStore::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  devices_.clear();
  user_codes_.clear();
}

}  // namespace gauthflow::mockserver
