#ifndef GAUTHFLOW_POCO_LOOPBACK_REDIRECT_RECEIVER_H_
#define GAUTHFLOW_POCO_LOOPBACK_REDIRECT_RECEIVER_H_

#include <chrono>
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
  // How long one browser connection may stay silent. Browsers open spare idle connections;
  // each holds a server thread until it speaks or this passes.
  std::chrono::milliseconds connection_timeout = std::chrono::seconds(5);
  // Server threads per listening socket; at least 2, so that an idle spare connection cannot
  // starve the real redirect.
  int max_threads = 4;
  // How often WaitForRedirect re-reads the clock while nothing happens (real time).
  std::chrono::milliseconds poll_interval = std::chrono::milliseconds(25);
};

// Receives the authorization response on a loopback HTTP listener (RFC 8252 §7.3), listening
// only between Listen and the end of WaitForRedirect (RFC 8252 §8.3).
//
// Listen accepts "127.0.0.1" (any 127.0.0.0/8 literal), "[::1]" or "::1", and "localhost",
// which binds 127.0.0.1 and, where IPv6 exists, ::1 on the same port, because browsers resolve
// localhost to either. The handler passed to WaitForRedirect runs on a server thread, at most
// once, while WaitForRedirect blocks.
class LoopbackRedirectReceiver : public RedirectReceiver {
 public:
  explicit LoopbackRedirectReceiver(Clock& clock, LoopbackRedirectReceiverOptions options = {});
  ~LoopbackRedirectReceiver() override;
  LoopbackRedirectReceiver(LoopbackRedirectReceiver const&) = delete;
  LoopbackRedirectReceiver& operator=(LoopbackRedirectReceiver const&) = delete;

  // kInvalidArgument (not a loopback host, a bad port or path, already listening), kPortInUse,
  // kBindFailed.
  Result<std::string> Listen(LoopbackRedirect const& mode) override;
  // kInvalidArgument without a successful Listen; kTimeout once clock.Now() >= deadline. Every
  // return releases the port.
  Result<std::string> WaitForRedirect(Clock::time_point deadline,
                                      RedirectHandler const& handler) override;
  void Close() override;

  // The bound port while listening, else 0.
  int port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gauthflow

#endif  // GAUTHFLOW_POCO_LOOPBACK_REDIRECT_RECEIVER_H_
