#ifndef GAUTHFLOW_MOCKSERVER_CONFORMANCE_SCENARIO_RUNNER_H_
#define GAUTHFLOW_MOCKSERVER_CONFORMANCE_SCENARIO_RUNNER_H_

#include <chrono>
#include <string>
#include <vector>

#include "conformance/observation.h"
#include "conformance/scenario.h"

namespace gauthflow::mockserver::conformance {

// The environment variables the application is given (mockserver/CONFORMANCE.md documents
// them). The first three are the ones the gauthflow CLI already honours.
inline constexpr char kClientSecretsVariable[] = "GAUTHFLOW_CLIENT_SECRETS";
inline constexpr char kEndpointBaseVariable[] = "GAUTHFLOW_ENDPOINT_BASE";
inline constexpr char kCredentialsVariable[] = "GAUTHFLOW_CREDENTIALS";
// With --tls: the PEM certificate the fake serves, which is its own CA. The runner also sets
// SSL_CERT_FILE (OpenSSL's default trust store: curl, Python's ssl, gauthflow without
// --ca-file), REQUESTS_CA_BUNDLE (Python requests) and CURL_CA_BUNDLE to it.
inline constexpr char kCaFileVariable[] = "GAUTHFLOW_CA_FILE";

struct RunnerOptions {
  std::vector<std::string> command;
  std::chrono::seconds timeout{60};  // each run of the application
  std::string browser_program;       // gauthflow-scripted-browser
  std::string work_root;             // one directory per scenario is made in it
  // Both set: the fakes serve https with this certificate (its own CA) and key.
  std::string tls_cert_file;
  std::string tls_key_file;
};

// One scenario on a fresh fake (127.0.0.1, port 0): writes the Desktop client_secret.json,
// runs the application (twice for the token-lifecycle scenarios) with the environment above
// and BROWSER set to the scripted browser, and collects what the fake and the browser saw.
ScenarioObservation RunScenario(Scenario const& scenario, RunnerOptions const& options);

}  // namespace gauthflow::mockserver::conformance

#endif  // GAUTHFLOW_MOCKSERVER_CONFORMANCE_SCENARIO_RUNNER_H_
