#ifndef GAUTHFLOW_BROWSER_BROWSER_PROCESS_H_
#define GAUTHFLOW_BROWSER_BROWSER_PROCESS_H_

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "gauthflow/error.h"
#include "gauthflow/http_client.h"

namespace gauthflow::browser {

// The environment variables gauthflow-scripted-browser reads its script from. The conformance
// runner sets them next to BROWSER (mockserver/CONFORMANCE.md lists them for people).
inline constexpr char kDecisionVariable[] = "GAUTHFLOW_BROWSER_DECISION";  // allow | deny
inline constexpr char kAccountVariable[] = "GAUTHFLOW_BROWSER_ACCOUNT";
inline constexpr char kForgedStateVariable[] = "GAUTHFLOW_BROWSER_FORGED_STATE";
inline constexpr char kForgedAccountVariable[] = "GAUTHFLOW_BROWSER_FORGED_ACCOUNT";
inline constexpr char kReportVariable[] = "GAUTHFLOW_BROWSER_REPORT";
inline constexpr char kDeadlineVariable[] = "GAUTHFLOW_BROWSER_DEADLINE_SECONDS";
// A PEM file of CA certificates to trust for https pages (the runner's --tls certificate);
// empty or unset: the system's CA store.
inline constexpr char kCaFileVariable[] = "GAUTHFLOW_BROWSER_CA_FILE";

// What the user at the browser does, for one opened URL.
struct BrowserProcessScript {
  bool allow = true;
  std::string account{};  // empty: the account the page preselects
  // Non-empty: before the real visit, play an attacker's authorization response (RFC 6749
  // §10.12): the same authorization request with this state, approved as `forged_account`,
  // whose redirect (a code issued for that other request) goes to the application first.
  std::string forged_state{};
  std::string forged_account{};
  std::string report_path{};  // where the JSON report goes; empty: no report
  std::chrono::seconds deadline{60};
  std::string ca_file{};
};

using Environment = std::function<std::optional<std::string>(std::string const& name)>;

// The first value of the query parameter `name` of `url`; empty when absent or unparsable.
std::string QueryParameter(std::string const& url, std::string const& name);

// `url` (an authorization request) with its state replaced by `state`: the request an
// attacker who started a sign-in of their own would get a code for. Poco::SyntaxException for
// a URL that does not parse.
std::string WithState(std::string const& url, std::string const& state);

// The script from the variables above. kInvalidArgument names the variable that is wrong.
Result<BrowserProcessScript> ReadBrowserProcessScript(Environment const& environment);

// Plays the script on `url` and returns the report as JSON text:
//   {"url", "redirect_uri", "redirect_port", "listeners": [{address, port, loopback}],
//    "forged": {"state", "code", "visit"}?, "visit": {address, status, title, steps, error}}
// `listeners` are the sockets listening on the redirect URI's port when the URL was opened
// (the application waits for its redirect then). "forged.code" is the forged code itself: the
// runner redeems it afterwards to learn whether the application did. Other secrets in the
// report are redacted.
std::string PlayBrowserScript(std::string const& url, BrowserProcessScript const& script,
                              HttpClient& http);

// The program: `gauthflow-scripted-browser URL`. Returns at once in the parent (exit 0: the
// caller, e.g. Python's webbrowser.open, waits for the browser program before it serves the
// redirect) while a child plays the script within its deadline and writes the report.
int RunBrowserProgram(int argc, char** argv, Environment const& environment);

}  // namespace gauthflow::browser

#endif  // GAUTHFLOW_BROWSER_BROWSER_PROCESS_H_
