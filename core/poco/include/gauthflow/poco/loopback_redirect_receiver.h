#ifndef GAUTHFLOW_POCO_LOOPBACK_REDIRECT_RECEIVER_H_
#define GAUTHFLOW_POCO_LOOPBACK_REDIRECT_RECEIVER_H_

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "gauthflow/clock.h"
#include "gauthflow/error.h"
#include "gauthflow/redirect_mode.h"
#include "gauthflow/redirect_receiver.h"

namespace gauthflow {

struct LoopbackRedirectReceiverOptions {
  // Names the application in the page the browser shows after the redirect.
  std::string brand = "gauthflow";
  // How long (by the receiver's Clock) a connection may take from being accepted to having sent
  // its whole request head, and again to take its reply; then it is closed. Browsers open spare
  // connections that never speak; a local process may dribble bytes. Neither delays anyone else.
  std::chrono::milliseconds header_timeout = std::chrono::seconds(10);
  // Connections held at once. When another arrives, the oldest one is closed: connections that
  // are held never make the receiver refuse the browser.
  int max_connections = 64;
  // The largest request head (request line and header fields) read; a larger one gets 431.
  // Generous because a browser sends its cookies for 127.0.0.1 / localhost along.
  std::size_t max_request_head = 64 * 1024;
  // The longest the event loop waits in one poll before it re-reads the Clock (real time). Only
  // matters when the Clock is not the wall clock: the loop otherwise wakes at the nearest
  // deadline, and at once for any socket that is ready.
  std::chrono::milliseconds poll_interval = std::chrono::milliseconds(25);
};

// Receives the authorization response on a loopback HTTP listener (RFC 8252 §7.3), listening
// only between Listen and the end of WaitForRedirect (RFC 8252 §8.3).
//
// Listen takes the hosts ValidateLoopbackRedirect allows (redirect_mode.h): "127.0.0.1",
// "[::1]" or "::1", and "localhost", which binds 127.0.0.1 and, where IPv6 exists, ::1 on the
// same port, because browsers resolve localhost to either.
//
// WaitForRedirect runs one event loop on the calling thread over the listening sockets and
// every connection (no thread per connection, no acceptor thread): each connection is read as
// its bytes arrive, within its header_timeout and max_request_head, and answered at once; the
// handler runs on the calling thread. It returns the moment the accepted response has been
// sent, with the port already released.
class LoopbackRedirectReceiver : public RedirectReceiver {
 public:
  explicit LoopbackRedirectReceiver(Clock& clock, LoopbackRedirectReceiverOptions options = {});
  ~LoopbackRedirectReceiver() override;
  LoopbackRedirectReceiver(LoopbackRedirectReceiver const&) = delete;
  LoopbackRedirectReceiver& operator=(LoopbackRedirectReceiver const&) = delete;

  // kInvalidArgument (not a loopback host, a bad port or path, already listening), kPortInUse,
  // kBindFailed.
  Result<std::string> Listen(LoopbackRedirect const& mode) override;
  // kInvalidArgument without a successful Listen; kTimeout once clock.Now() >= deadline (the
  // message counts the callbacks the handler refused); kCancelled within one poll_interval of
  // `cancel` being cancelled. Every return releases the port.
  Result<std::string> WaitForRedirect(Clock::time_point deadline, RedirectHandler const& handler,
                                      CancellationToken const* cancel) override;
  void Close() override;

  // The bound port while listening, else 0.
  int port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gauthflow

#endif  // GAUTHFLOW_POCO_LOOPBACK_REDIRECT_RECEIVER_H_
