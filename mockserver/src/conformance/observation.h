#ifndef GAUTHFLOW_MOCKSERVER_CONFORMANCE_OBSERVATION_H_
#define GAUTHFLOW_MOCKSERVER_CONFORMANCE_OBSERVATION_H_

#include <chrono>
#include <cstdint>
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

// The redirect listener's end. The sockets watched are those listening on the redirect port
// when the browser's visit had ended, identified by inode, and among them the application's
// own (its process group's, from /proc/PID/fd) when it holds any: a socket closed and another
// opened on the port between two samples still counts as closed.
struct ListenerClosing {
  std::chrono::milliseconds after_visit_at_least{0};  // last sample that saw it open
  std::chrono::milliseconds after_visit_at_most{0};   // first sample that saw it closed
  // Those two samples on the system clock (as the journal's times); open_at is 0 when no
  // sample saw it open.
  std::int64_t open_at_epoch_ms = 0;
  std::int64_t closed_by_epoch_ms = 0;
  bool with_exit = false;   // still open at the last sample before the application exited
  bool application_owned = false;  // the sockets were the application's process group's
  bool before_visit_end = false;   // nothing listened any more when the visit had ended
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
  // When the redirect listener closed, between two samples of /proc/net/tcp{,6} (every
  // 20 ms from the browser's visit to the application's exit); nullopt when not seen.
  std::optional<ListenerClosing> listener_closing;
  bool listener_open_at_exit = false;     // still listening when the application had exited
  // The device scenarios: the user code the person acted on (empty when they never could).
  std::string device_user_code;
  // The paste scenario: the authorization URL was in the output; why nothing could be pasted.
  bool url_printed = false;
  std::string paste_error;
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
