#ifndef GAUTHFLOW_MOCKSERVER_CONFORMANCE_DEVICE_PERSON_H_
#define GAUTHFLOW_MOCKSERVER_CONFORMANCE_DEVICE_PERSON_H_

#include <chrono>
#include <string>

#include "conformance/admin_client.h"
#include "conformance/scenario.h"

namespace gauthflow::mockserver::conformance {

// RFC 8628 §3.4's grant type, with which the application polls the token endpoint.
inline constexpr char kDeviceCodeGrant[] = "urn:ietf:params:oauth:grant-type:device_code";

// The person with the other device in the device scenarios. Once the application has polled
// for its code once (so that its polling pace can be seen), they approve it, deny it, or let
// it expire (the fake's clock moves past the code's 30-minute lifetime) — through the fake's
// admin API, as if they had typed the code in at the verification page.
class DevicePerson {
 public:
  DevicePerson(AdminClient const& admin, DeviceUser decision, std::string account);

  // Called on the runner's ticks while the application runs; looks at the fake at most every
  // 100 ms, and acts once.
  void Tick();

  bool acted() const { return acted_; }
  // The user code the person saw (for the check that the application showed it).
  std::string const& user_code() const { return user_code_; }
  // Why the fake's admin API failed; empty when it did not.
  std::string const& error() const { return error_; }

 private:
  AdminClient const& admin_;
  DeviceUser const decision_;
  std::string const account_;
  std::chrono::steady_clock::time_point next_look_{};
  bool acted_ = false;
  std::string user_code_;
  std::string error_;
};

}  // namespace gauthflow::mockserver::conformance

#endif  // GAUTHFLOW_MOCKSERVER_CONFORMANCE_DEVICE_PERSON_H_
