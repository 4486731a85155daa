#ifndef GAUTHFLOW_REDIRECT_MODE_H_
#define GAUTHFLOW_REDIRECT_MODE_H_

#include <string>
#include <variant>

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

using RedirectMode = std::variant<LoopbackRedirect, OobRedirect, OobAutoRedirect, PasteRedirect>;

inline constexpr char kOobRedirectUri[] = "urn:ietf:wg:oauth:2.0:oob";
inline constexpr char kOobAutoRedirectUri[] = "urn:ietf:wg:oauth:2.0:oob:auto";

// The redirect_uri for a loopback listener bound to `bound_port` (e.g. "http://127.0.0.1:8080/").
// kInvalidArgument for a host that is not loopback or a port outside 1..65535.
Result<std::string> LoopbackRedirectUri(LoopbackRedirect const& mode, int bound_port);

// The redirect_uri for modes that need no listener (OOB, OOB auto, paste).
// kInvalidArgument for LoopbackRedirect (its URI depends on the bound port).
Result<std::string> FixedRedirectUri(RedirectMode const& mode);

}  // namespace gauthflow

#endif  // GAUTHFLOW_REDIRECT_MODE_H_
