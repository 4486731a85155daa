#ifndef GAUTHFLOW_REDIRECT_RECEIVER_H_
#define GAUTHFLOW_REDIRECT_RECEIVER_H_

#include <functional>
#include <string>
#include <string_view>

#include "gauthflow/clock.h"
#include "gauthflow/error.h"
#include "gauthflow/redirect_mode.h"

namespace gauthflow {

// What the browser is shown after the redirect; decided by the flow, rendered by the receiver.
struct RedirectPage {
  bool success = false;
  std::string message;  // plain text; the receiver escapes it into its HTML page
};

// Called with the full URL of the redirect request (redirect_uri plus query).
using RedirectHandler = std::function<RedirectPage(std::string_view callback_url)>;

// Receives the browser's redirect on a loopback listener.
class RedirectReceiver {
 public:
  virtual ~RedirectReceiver() = default;
  // Binds the listener before any browser is opened, so that a busy port fails fast
  // (kPortInUse). Returns the redirect_uri to send, with the real port.
  virtual Result<std::string> Listen(LoopbackRedirect const& mode) = 0;
  // Serves until a request on the redirect path carries a query (code or error), answers it with
  // the page `handler` chooses and returns that request's full URL; kTimeout at `deadline`.
  // Other paths (e.g. /favicon.ico) get 404 and the wait goes on.
  virtual Result<std::string> WaitForRedirect(Clock::time_point deadline,
                                              RedirectHandler const& handler) = 0;
  // Releases the port. Also done by the destructor and on every error path.
  virtual void Close() = 0;
};

}  // namespace gauthflow

#endif  // GAUTHFLOW_REDIRECT_RECEIVER_H_
