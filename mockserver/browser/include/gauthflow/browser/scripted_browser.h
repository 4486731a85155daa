#ifndef GAUTHFLOW_BROWSER_SCRIPTED_BROWSER_H_
#define GAUTHFLOW_BROWSER_SCRIPTED_BROWSER_H_

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "gauthflow/browser_launcher.h"
#include "gauthflow/browser/html_page.h"
#include "gauthflow/clock.h"
#include "gauthflow/error.h"
#include "gauthflow/http_client.h"

namespace gauthflow::browser {

// What the simulated user does on the pages.
struct BrowserScript {
  bool allow = true;        // Allow or Deny on the consent page
  std::string account{};    // the account to pick; empty: the one the page preselects
  std::string user_code{};  // typed into a device verification page
};

// Where a visit ended, as a browser would show it.
struct BrowserVisit {
  std::string address{};   // the address bar: the last URL requested
  int status = 0;          // its HTTP status; 0 when it failed to load
  std::string title{};     // <title>
  std::string text{};      // the visible text
  std::optional<Error> load_error{};  // why the last request failed (e.g. nothing listens)
  std::optional<AuthorizationErrorPage> error_page{};  // "Error 400: ..." on the last page
  std::vector<std::string> steps{};   // "GET URL -> 302" per request, secrets redacted
};

// The error shown by the page the visit ended on (Google's "Error 400: redirect_uri_mismatch",
// "Error 401: invalid_client", OOB blocked, ...), as an Error a caller can switch on; nullopt
// when the page is not an authorization error page.
std::optional<Error> ErrorShownBy(BrowserVisit const& visit);

// A BrowserLauncher that behaves like a person with a browser, for the demo and the end-to-end
// tests against the fake Google: it GETs the URL, follows redirects (also to the loopback
// receiver), fills and submits the forms it meets — account chooser and Allow / Deny on the
// consent page, the user code on a device verification page — and stops on a page without a
// form, a redirect it cannot follow (a non-http URL) or a page that fails to load (the address
// bar then shows the URL, as in a real browser: that is what the paste mode copies).
//
// Open runs the visit on its own thread, as a browser runs beside the application: the loopback
// receiver only answers once the flow waits for it. WaitForPageTitle reports the title of the
// page the visit ended on (the OOB auto mode), or the page's error.
class ScriptedBrowser : public BrowserLauncher {
 public:
  // Called on the browser's thread when a visit started by Open ends.
  using VisitDone = std::function<void(BrowserVisit const&)>;

  ScriptedBrowser(HttpClient& http, BrowserScript script, VisitDone on_done = {});
  ~ScriptedBrowser() override;  // waits for a visit in progress
  ScriptedBrowser(ScriptedBrowser const&) = delete;
  ScriptedBrowser& operator=(ScriptedBrowser const&) = delete;

  Status Open(std::string const& url) override;
  // Waits for the visit started by the last Open (visits end on their own: every request has
  // the HTTP client's timeouts) and returns its title when it starts with "Success " or
  // "Denied "; ErrorShownBy's error for an error page; kUnexpectedResponse otherwise.
  // kInvalidArgument when nothing was opened; kCancelled within kCancellationCheckInterval of
  // `cancel` being cancelled (the visit goes on and the destructor waits for it).
  Result<std::string> WaitForPageTitle(Clock::time_point deadline,
                                       CancellationToken const* cancel) override;

  // The visit started by the last Open, once it has ended; nullopt when nothing was opened.
  std::optional<BrowserVisit> WaitForVisit();

  // A whole visit on the calling thread. Errors only for a URL that is not http(s); a page
  // that fails to load is a visit with load_error.
  Result<BrowserVisit> Visit(std::string const& url);

 private:
  // Holding `lock` (on mu_), waits until no visit runs; false when `cancel` (nullable) is
  // cancelled first, looked at every kCancellationCheckInterval.
  bool AwaitVisitEnd(std::unique_lock<std::mutex>& lock, CancellationToken const* cancel);

  HttpClient& http_;
  BrowserScript script_;
  VisitDone on_done_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool running_ = false;              // guarded by mu_
  std::optional<BrowserVisit> last_;  // guarded by mu_
  std::thread thread_;
};

}  // namespace gauthflow::browser

// The CLI's names from before the browser moved beside the fake (cli/ -> mockserver/browser/),
// kept so that its callers did not have to change with the move.
namespace gauthflow::cli {
using browser::BrowserScript;
using browser::BrowserVisit;
using browser::ErrorShownBy;
using browser::ScriptedBrowser;
}  // namespace gauthflow::cli

#endif  // GAUTHFLOW_BROWSER_SCRIPTED_BROWSER_H_
