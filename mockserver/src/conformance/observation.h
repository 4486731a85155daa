#ifndef GAUTHFLOW_MOCKSERVER_CONFORMANCE_OBSERVATION_H_
#define GAUTHFLOW_MOCKSERVER_CONFORMANCE_OBSERVATION_H_

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "conformance/admin_client.h"
#include "conformance/app_process.h"
#include "conformance/scenario.h"

namespace gauthflow::mockserver::conformance {

struct SeenListener {
  std::string address;
  int port = 0;
  bool loopback = false;
};

// What gauthflow-scripted-browser reported for the URL the application opened.
struct BrowserReport {
  std::string redirect_uri;
  int redirect_port = 0;
  std::vector<SeenListener> listeners;  // on the redirect port, while the application waited
  std::string forged_state;             // set when a forged callback was played
  std::string forged_code;              // the code that forged callback carried
  int final_status = 0;                 // of the page the real visit ended on
  std::string final_error;              // why the real visit ended badly
};

// Parses the browser's JSON report; an error for a report that is not one.
Outcome<BrowserReport> ParseBrowserReport(std::string const& json_text);

// Everything one scenario saw, for the checks.
struct RunObservation {
  AppRun app;
  bool browser_opened = false;
  std::optional<BrowserReport> browser;
  std::vector<SeenRequest> journal;       // the fake's journal for this run
  std::vector<SeenViolation> violations;  // and its violation log
  // How long the redirect listener stayed open after the browser's visit ended while the
  // application still ran; nullopt when that could not be seen.
  std::optional<std::chrono::milliseconds> listener_open_after_visit;
  bool listener_open_at_exit = false;     // still listening when the application had exited
};

struct ScenarioObservation {
  Scenario scenario;
  std::chrono::milliseconds timeout{0};
  std::vector<RunObservation> runs;  // the last is the graded one
  // The runner redeemed the forged code after the application was done.
  std::optional<TokenAnswer> forged_code_probe;
  std::string runner_error;  // the fake or its admin API failed: the scenario is not graded
};

}  // namespace gauthflow::mockserver::conformance

#endif  // GAUTHFLOW_MOCKSERVER_CONFORMANCE_OBSERVATION_H_
