#ifndef GAUTHFLOW_MOCKSERVER_CONFORMANCE_SCENARIO_H_
#define GAUTHFLOW_MOCKSERVER_CONFORMANCE_SCENARIO_H_

#include <optional>
#include <string>
#include <vector>

#include "conformance/admin_client.h"

namespace gauthflow::mockserver::conformance {

// What the runner does to the fake between the first and the second run of the application.
enum class BetweenRuns {
  kNothing,
  kExpireAccessToken,  // the fake's clock moves past the access token's expiry
  kRevokeEverything,   // the fake forgets every token: the refresh token is now revoked
};

// What the person on the other device does with a device-flow code (RFC 8628 §3.3), once the
// application has polled for it once.
enum class DeviceUser {
  kApprove,
  kDeny,
  kLetExpire,  // does nothing while the fake's clock moves past the code's lifetime
};

// One situation the application is put in, and what a correct application does in it.
struct Scenario {
  std::string name;      // --scenario NAME
  std::string summary;   // one line for the report and --help
  std::string expected;  // what a correct application does
  bool allow = true;     // the user's decision on the consent page
  bool forged_callback_first = false;
  // 2: the application runs twice on the same work directory (its stored credentials); the
  // graded run is the second.
  int runs = 1;
  BetweenRuns between_runs = BetweenRuns::kNothing;
  std::vector<FaultSpec> faults;  // armed on the fake just before the graded run
  bool slow_token_endpoint = false;  // a delay fault longer than the runner's timeout
  std::vector<std::string> modes = {"loopback"};  // redirect modes the scenario needs
  DeviceUser device_user = DeviceUser::kApprove;   // the device scenarios
  bool oob_blocked = false;  // the fake answers OOB redirect URIs as Google has since 2023
};

// Every scenario, in the order they run.
std::vector<Scenario> const& AllScenarios();
std::optional<Scenario> FindScenario(std::string const& name);

}  // namespace gauthflow::mockserver::conformance

#endif  // GAUTHFLOW_MOCKSERVER_CONFORMANCE_SCENARIO_H_
