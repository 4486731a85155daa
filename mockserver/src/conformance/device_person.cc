#include "conformance/device_person.h"

#include <algorithm>

namespace gauthflow::mockserver::conformance {
namespace {

constexpr auto kLookEvery = std::chrono::milliseconds(100);
// Past the fake's device-code lifetime (1800 s, Google's expires_in) with a minute to spare.
constexpr auto kPastDeviceCodeExpiry = std::chrono::seconds(1800 + 60);

}  // namespace

DevicePerson::DevicePerson(AdminClient const& admin, DeviceUser decision, std::string account)
    : admin_(admin), decision_(decision), account_(std::move(account)) {}

void DevicePerson::Tick() {
  if (acted_ || !error_.empty()) return;
  auto const now = std::chrono::steady_clock::now();
  if (now < next_look_) return;
  next_look_ = now + kLookEvery;
  auto journal = admin_.Journal();
  if (!journal) {
    error_ = journal.error();
    return;
  }
  bool const polled = std::any_of(journal->begin(), journal->end(),
                                  [](SeenRequest const& r) { return r.IsTokenRequest(kDeviceCodeGrant); });
  if (!polled) return;
  auto devices = admin_.Devices();
  if (!devices) {
    error_ = devices.error();
    return;
  }
  // The newest code still pending is the one the application polls for.
  auto const pending = std::find_if(devices->rbegin(), devices->rend(),
                                    [](SeenDevice const& d) { return d.status == "pending"; });
  if (pending == devices->rend()) return;
  user_code_ = pending->user_code;
  Outcome<void> done;
  switch (decision_) {
    case DeviceUser::kApprove: done = admin_.DecideDevice(user_code_, true, account_); break;
    case DeviceUser::kDeny: done = admin_.DecideDevice(user_code_, false, account_); break;
    case DeviceUser::kLetExpire: done = admin_.AdvanceClock(kPastDeviceCodeExpiry); break;
  }
  if (!done) {
    error_ = done.error();
    return;
  }
  acted_ = true;
}

}  // namespace gauthflow::mockserver::conformance
