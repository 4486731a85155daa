#ifndef GAUTHFLOW_FLOW_OBSERVER_H_
#define GAUTHFLOW_FLOW_OBSERVER_H_

#include <optional>
#include <string>
#include <string_view>

#include "gauthflow/clock.h"
#include "gauthflow/device_flow.h"

namespace gauthflow {

// What the flow tells the application while it runs, as values: the application presents
// (a status line, a scripted browser, a log), the flow decides. The Console carries only what
// the person reads and types; nothing here needs to be read back out of printed text.
// Every method has a no-op default; calls come on the thread that runs the flow, except
// where noted.
class FlowObserver {
 public:
  virtual ~FlowObserver() = default;

  // The authorization URL the person is sent to (loopback, oob, oob:auto, paste), and the
  // redirect_uri it carries — for loopback the one the listener really bound. Before the
  // browser is opened.
  virtual void OnAuthorizationUrl(std::string const& /*url*/,
                                  std::string const& /*redirect_uri*/) {}

  // The flow now waits, until `deadline` on the flow's Clock, for `what`: a phrase that
  // completes "Waiting for ..." ("the browser to return to http://127.0.0.1:PORT/",
  // "approval of the code ABCD-EFGH"). Always followed by OnWaitEnded.
  virtual void OnWaitingUntil(Clock::time_point /*deadline*/, std::string const& /*what*/) {}
  // The wait announced last is over, whatever its outcome.
  virtual void OnWaitEnded() {}

  // The device grant (RFC 8628 §3.3): what the person must open and type, and when the code
  // expires. The device code itself, a secret, is not given out.
  virtual void OnDeviceCode(std::string const& /*user_code*/,
                            std::string const& /*verification_url*/,
                            std::optional<std::string> const& /*verification_url_complete*/,
                            Clock::time_point /*expires_at*/) {}
  // A poll answered authorization_pending or slow_down (RFC 8628 §3.5); `progress.interval`
  // is the pause before the next one.
  virtual void OnDevicePollPending(DevicePollProgress const& /*progress*/) {}

  // The loopback listener got a callback that does not belong to this sign-in (its state is
  // not this attempt's, RFC 6749 §10.12: forged, or a tab from an earlier attempt). It was
  // answered 400 and the wait goes on. `refused` counts them so far; `reason` says why
  // (never the state or code themselves).
  virtual void OnForgedCallbackRefused(int /*refused*/, std::string_view /*reason*/) {}
};

}  // namespace gauthflow

#endif  // GAUTHFLOW_FLOW_OBSERVER_H_
