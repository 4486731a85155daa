#include "gauthflow/redirect_mode.h"

#include <Poco/String.h>

#include <string_view>
#include <type_traits>

namespace gauthflow {
namespace {

// RFC 8252 §7.3 names 127.0.0.1 and [::1]; Google's loopback-migration guide also accepts
// "localhost" (§8.3 calls it NOT RECOMMENDED, but google-auth-oauthlib defaults to it).
// Other 127/8 addresses are loopback too, but Google matches only these three spellings.
Result<std::string> NormalizeLoopbackHost(std::string const& host) {
  auto const lower = Poco::toLower(host);
  if (lower == "127.0.0.1" || lower == "localhost") return lower;
  if (lower == "[::1]" || lower == "::1") return std::string("[::1]");
  return MakeError(ErrorCode::kInvalidArgument,
                   "loopback redirect host \"" + host +
                       "\" is not loopback; use 127.0.0.1, [::1] or localhost (RFC 8252 §7.3)");
}

bool IsPathChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '.' || c == '_' || c == '~';
}

// The path between the authority and the optional trailing slash, without either slash:
// "callback", "/oauth/callback/" -> "oauth/callback". Only unreserved characters in non-empty
// segments other than "." and "..", so that the URI needs no encoding and matches byte for
// byte what the listener compares against.
Result<std::string> NormalizePath(std::string_view path) {
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  std::string_view rest = path;
  while (!rest.empty()) {
    auto const slash = rest.find('/');
    auto const segment = rest.substr(0, slash);
    bool ok = !segment.empty() && segment != "." && segment != "..";
    for (char c : segment) ok = ok && IsPathChar(c);
    if (!ok) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "loopback redirect path \"" + std::string(path) +
                           "\" must be '/'-separated segments of [A-Za-z0-9-._~]");
    }
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  }
  return std::string(path);
}

}  // namespace

Result<std::string> LoopbackRedirectUri(LoopbackRedirect const& mode, int bound_port) {
  auto host = NormalizeLoopbackHost(mode.host);
  if (!host) return tl::unexpected(host.error());
  if (bound_port < 1 || bound_port > 65535) {
    return MakeError(ErrorCode::kInvalidArgument, "loopback redirect port " +
                                                      std::to_string(bound_port) +
                                                      " is outside 1..65535");
  }
  auto path = NormalizePath(mode.path);
  if (!path) return tl::unexpected(path.error());
  std::string uri = "http://" + *host + ":" + std::to_string(bound_port);
  if (!path->empty()) uri += "/" + *path;
  if (mode.trailing_slash) uri += "/";
  return uri;
}

Result<std::string> FixedRedirectUri(RedirectMode const& mode) {
  return std::visit(
      [](auto const& m) -> Result<std::string> {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, OobRedirect>) {
          return std::string(kOobRedirectUri);
        } else if constexpr (std::is_same_v<T, OobAutoRedirect>) {
          return std::string(kOobAutoRedirectUri);
        } else if constexpr (std::is_same_v<T, PasteRedirect>) {
          // Nothing listens for a pasted redirect, so there is no bound port to fill in: the
          // URI must be known (and registered) before the browser is opened.
          if (m.target.port == 0) {
            return MakeError(ErrorCode::kInvalidArgument,
                             "paste-the-redirect mode needs a fixed port (not 0) in its "
                             "loopback redirect_uri");
          }
          return LoopbackRedirectUri(m.target, m.target.port);
        } else {
          return MakeError(ErrorCode::kInvalidArgument,
                           "a loopback redirect_uri depends on the port the listener binds; "
                           "use LoopbackRedirectUri after listening");
        }
      },
      mode);
}

}  // namespace gauthflow
