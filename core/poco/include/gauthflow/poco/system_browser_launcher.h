#ifndef GAUTHFLOW_POCO_SYSTEM_BROWSER_LAUNCHER_H_
#define GAUTHFLOW_POCO_SYSTEM_BROWSER_LAUNCHER_H_

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gauthflow/browser_launcher.h"
#include "gauthflow/clock.h"
#include "gauthflow/error.h"

namespace gauthflow {

// Reads one environment variable; std::nullopt when it is not set.
using EnvironmentLookup = std::function<std::optional<std::string>(std::string const& name)>;

// The process environment, for the CLI's main.
EnvironmentLookup ProcessEnvironment();

struct SystemBrowserLauncherOptions {
  // Commands tried, in order, after the entries of $BROWSER.
  std::vector<std::string> fallbacks = {"xdg-open"};
};

// Opens URLs in the user's browser (RFC 8252 §4.1: an external user-agent, not an embedded
// view). Candidates are the ':'-separated entries of $BROWSER (as Python's webbrowser reads it),
// then `xdg-open`. An entry is a command with optional arguments, split on whitespace ('...' and
// "..." group words); "%s" in an argument is replaced by the URL, otherwise the URL is appended
// as the last argument. The program is found through $PATH and started directly, without a
// shell, so nothing in the URL is interpreted. Open does not wait for the browser; a thread per
// launch reaps it when it exits.
class SystemBrowserLauncher : public BrowserLauncher {
 public:
  explicit SystemBrowserLauncher(EnvironmentLookup environment,
                                 SystemBrowserLauncherOptions options = {});
  ~SystemBrowserLauncher() override;
  SystemBrowserLauncher(SystemBrowserLauncher const&) = delete;
  SystemBrowserLauncher& operator=(SystemBrowserLauncher const&) = delete;

  // kUnsupported when no candidate could be started (the message lists what was tried);
  // callers print the URL instead.
  Status Open(std::string const& url) override;
  // A system browser's page titles are invisible to us: kUnsupported.
  Result<std::string> WaitForPageTitle(Clock::time_point deadline,
                                       CancellationToken const* cancel) override;

  // Waits, at most `timeout` of real time, for the command started by the last successful Open
  // to exit, and returns its exit status; std::nullopt if nothing was started or it is still
  // running. For tests and diagnostics (a launcher like xdg-open that exits non-zero failed).
  std::optional<int> WaitForLastLaunch(std::chrono::milliseconds timeout);

 private:
  struct Launch;
  EnvironmentLookup environment_;
  SystemBrowserLauncherOptions options_;
  std::shared_ptr<Launch> last_launch_;
};

}  // namespace gauthflow

#endif  // GAUTHFLOW_POCO_SYSTEM_BROWSER_LAUNCHER_H_
