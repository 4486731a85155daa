#ifndef GAUTHFLOW_BROWSER_LAUNCHER_H_
#define GAUTHFLOW_BROWSER_LAUNCHER_H_

#include <string>

#include "gauthflow/cancellation.h"
#include "gauthflow/clock.h"
#include "gauthflow/error.h"

namespace gauthflow {

// Sends the user to a URL in a browser.
class BrowserLauncher {
 public:
  virtual ~BrowserLauncher() = default;
  // Opens `url`. A failure is reported, but callers treat it as non-fatal: they print the URL.
  virtual Status Open(std::string const& url) = 0;
  // For `urn:ietf:wg:oauth:2.0:oob:auto`: waits until the page opened last has a title that
  // starts with "Success " or "Denied " and returns the whole title. Launchers that cannot see
  // page titles (a plain system browser) return kUnsupported. kCancelled soon after `cancel`
  // (nullable) is cancelled.
  virtual Result<std::string> WaitForPageTitle(Clock::time_point deadline,
                                               CancellationToken const* cancel) = 0;
};

}  // namespace gauthflow

#endif  // GAUTHFLOW_BROWSER_LAUNCHER_H_
