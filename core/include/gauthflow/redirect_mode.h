#ifndef GAUTHFLOW_REDIRECT_MODE_H_
#define GAUTHFLOW_REDIRECT_MODE_H_

#include <string>
#include <variant>
#include <vector>

#include "gauthflow/error.h"

namespace gauthflow {

// http://HOST:PORT[/PATH][/] served by a listener on this machine (RFC 8252 §7.3).
struct LoopbackRedirect {
  std::string host = "127.0.0.1";  // "127.0.0.1", "localhost" or "[::1]" (also accepted: "::1")
  int port = 0;                    // 0 = ephemeral; the bound port goes into the redirect_uri
  bool trailing_slash = true;      // google-auth-oauthlib's redirect_uri_trailing_slash
  std::string path{};              // optional path, e.g. "callback"; empty = "/"
};

// urn:ietf:wg:oauth:2.0:oob — Google shows the code; the user pastes it.
struct OobRedirect {};

// urn:ietf:wg:oauth:2.0:oob:auto — the code is read from the page title "Success code=...".
struct OobAutoRedirect {};

// No browser on this machine: the user opens the URL elsewhere and pastes back the URL the
// browser was redirected to (a loopback URI on *that* machine, where nothing listens). The
// PKCE verifier never leaves this machine.
struct PasteRedirect {
  LoopbackRedirect target;  // its port must be fixed (non-zero)
};

// The device authorization grant (RFC 8628): no redirect at all; the person enters a code shown
// here on another device. A mode of the flow like the others, so that one Run covers them all.
struct DeviceGrant {};

using RedirectMode =
    std::variant<LoopbackRedirect, OobRedirect, OobAutoRedirect, PasteRedirect, DeviceGrant>;

inline constexpr char kOobRedirectUri[] = "urn:ietf:wg:oauth:2.0:oob";
inline constexpr char kOobAutoRedirectUri[] = "urn:ietf:wg:oauth:2.0:oob:auto";

// A loopback redirect, validated once: what the listener binds and answers, and how the
// redirect_uri spells it. The one place that decides which hosts are loopback redirects; both
// the redirect_uri and the listener are derived from it, so they cannot disagree.
//
// Allowed hosts (RFC 8252 §7.3 names exactly the loopback IP literals "127.0.0.1" and "[::1]";
// §8.3 says "localhost" is NOT RECOMMENDED but it functions similarly, and Google accepts it for
// Desktop clients, google-auth-oauthlib defaults to it): "127.0.0.1", "[::1]" (also written
// "::1") and "localhost", case-insensitively. Every other host is refused, other 127/8 addresses
// included: they are loopback too, but RFC 8252 §7.3 and Google's registration matching know only
// 127.0.0.1, so a redirect_uri on 127.0.0.2 would be refused by the server after the person has
// signed in.
struct LoopbackEndpoint {
  std::string uri_host;  // as written in the redirect_uri: "127.0.0.1", "[::1]" or "localhost"
  // IP literals to bind, the first one required: {"127.0.0.1"}, {"::1"}, or for localhost
  // {"127.0.0.1", "::1"} because browsers resolve it to either family (RFC 8252 §8.3).
  std::vector<std::string> bind_addresses;
  bool later_addresses_optional = false;  // localhost: ::1 only where the machine has IPv6
  // The request path the browser asks for: "/" for a redirect_uri without a path, else
  // "/PATH" or "/PATH/" as in the redirect_uri.
  std::string request_path;
  // The redirect_uri's path after the authority, "" or "/" for none.
  std::string uri_path;
};

// kInvalidArgument for a host that is not one of the three above, a port outside 0..65535 or a
// path that is not '/'-separated segments of [A-Za-z0-9-._~].
Result<LoopbackEndpoint> ValidateLoopbackRedirect(LoopbackRedirect const& mode);

// The redirect_uri for a loopback listener bound to `bound_port` (e.g. "http://127.0.0.1:8080/").
// kInvalidArgument as ValidateLoopbackRedirect, or for a bound port outside 1..65535.
Result<std::string> LoopbackRedirectUri(LoopbackRedirect const& mode, int bound_port);

// The redirect_uri for modes that need no listener (OOB, OOB auto, paste).
// kInvalidArgument for LoopbackRedirect (its URI depends on the bound port) and DeviceGrant
// (it has none).
Result<std::string> FixedRedirectUri(RedirectMode const& mode);

}  // namespace gauthflow

#endif  // GAUTHFLOW_REDIRECT_MODE_H_
