#ifndef GAUTHFLOW_REDIRECT_RECEIVER_H_
#define GAUTHFLOW_REDIRECT_RECEIVER_H_

#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include "gauthflow/cancellation.h"
#include "gauthflow/clock.h"
#include "gauthflow/error.h"
#include "gauthflow/redirect_mode.h"

namespace gauthflow {

// What the flow makes of one callback request, and what the browser is shown: decided by the
// flow, rendered by the receiver.
struct RedirectPage {
  enum class Verdict {
    // The authorization response of this sign-in (a code, or the server's error= for it): the
    // receiver answers with this page and WaitForRedirect returns the URL.
    kAccept,
    // Not the response to this sign-in (e.g. its state does not match: a forged request, or a
    // tab from an earlier attempt; RFC 6749 §10.12): the receiver answers 400 with this page and
    // keeps waiting for the real one until the deadline.
    kRejectAndKeepWaiting,
  };
  Verdict verdict = Verdict::kAccept;
  bool success = false;
  std::string message;  // plain text; the receiver escapes it into its HTML page

  static RedirectPage Success(std::string message) {
    return {Verdict::kAccept, true, std::move(message)};
  }
  static RedirectPage Failure(std::string message) {
    return {Verdict::kAccept, false, std::move(message)};
  }
  static RedirectPage Refused(std::string message) {
    return {Verdict::kRejectAndKeepWaiting, false, std::move(message)};
  }
};

// Called with the full URL of a request on the redirect path that carries a query (the
// redirect_uri plus that query), on the thread that runs WaitForRedirect; possibly several
// times, until it returns kAccept.
using RedirectHandler = std::function<RedirectPage(std::string_view callback_url)>;

// Receives the browser's redirect on a loopback listener.
class RedirectReceiver {
 public:
  virtual ~RedirectReceiver() = default;
  // Binds the listener before any browser is opened, so that a busy port fails fast
  // (kPortInUse). Returns the redirect_uri to send, with the real port.
  virtual Result<std::string> Listen(LoopbackRedirect const& mode) = 0;
  // Serves until a request on the redirect path carries a query that `handler` accepts, answers
  // it with the page `handler` chooses and returns that request's full URL; kTimeout at
  // `deadline` (its message counts the requests `handler` refused). A refused request gets 400
  // with its page, other paths (e.g. /favicon.ico) get 404, and the wait goes on. kCancelled
  // soon after `cancel` (nullable) is cancelled, unless the accepted response is being answered.
  virtual Result<std::string> WaitForRedirect(Clock::time_point deadline,
                                              RedirectHandler const& handler,
                                              CancellationToken const* cancel) = 0;
  // Releases the port. Also done by the destructor and on every error path.
  virtual void Close() = 0;
};

}  // namespace gauthflow

#endif  // GAUTHFLOW_REDIRECT_RECEIVER_H_
