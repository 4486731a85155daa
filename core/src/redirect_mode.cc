#include "gauthflow/redirect_mode.h"

#include <Poco/String.h>

#include <string_view>
#include <type_traits>

namespace gauthflow {
namespace {

// The hosts ValidateLoopbackRedirect allows; see redirect_mode.h for the RFC 8252 reasoning.
Status NormalizeLoopbackHost(std::string const& host, LoopbackEndpoint& endpoint) {
  auto const lower = Poco::toLower(host);
  if (lower == "127.0.0.1") {
    endpoint.uri_host = "127.0.0.1";
    endpoint.bind_addresses = {"127.0.0.1"};
  } else if (lower == "[::1]" || lower == "::1") {
    endpoint.uri_host = "[::1]";
    endpoint.bind_addresses = {"::1"};
  } else if (lower == "localhost") {
    endpoint.uri_host = "localhost";
    endpoint.bind_addresses = {"127.0.0.1", "::1"};
    endpoint.later_addresses_optional = true;
  } else {
    return MakeError(ErrorCode::kInvalidArgument,
                     "loopback redirect host \"" + host +
                         "\" is not allowed; use 127.0.0.1, [::1] or localhost (RFC 8252 §7.3)");
  }
  return {};
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

Result<LoopbackEndpoint> ValidateLoopbackRedirect(LoopbackRedirect const& mode) {
  LoopbackEndpoint endpoint;
  if (auto host = NormalizeLoopbackHost(mode.host, endpoint); !host) {
    return tl::unexpected(host.error());
  }
  if (mode.port < 0 || mode.port > 65535) {
    return MakeError(ErrorCode::kInvalidArgument, "loopback redirect port " +
                                                      std::to_string(mode.port) +
                                                      " is outside 0..65535");
  }
  auto path = NormalizePath(mode.path);
  if (!path) return tl::unexpected(path.error());
  if (!path->empty()) endpoint.uri_path = "/" + *path;
  if (mode.trailing_slash) endpoint.uri_path += "/";
  // The browser asks for "/" when the redirect_uri has no path at all (RFC 3986 §6.2.3).
  endpoint.request_path = endpoint.uri_path.empty() ? "/" : endpoint.uri_path;
  return endpoint;
}

Result<std::string> LoopbackRedirectUri(LoopbackRedirect const& mode, int bound_port) {
  auto endpoint = ValidateLoopbackRedirect(mode);
  if (!endpoint) return tl::unexpected(endpoint.error());
  if (bound_port < 1 || bound_port > 65535) {
    return MakeError(ErrorCode::kInvalidArgument, "loopback redirect port " +
                                                      std::to_string(bound_port) +
                                                      " is outside 1..65535");
  }
  return "http://" + endpoint->uri_host + ":" + std::to_string(bound_port) + endpoint->uri_path;
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
        } else if constexpr (std::is_same_v<T, DeviceGrant>) {
          return MakeError(ErrorCode::kInvalidArgument,
                           "the device grant (RFC 8628) sends no redirect_uri");
        } else {
          return MakeError(ErrorCode::kInvalidArgument,
                           "a loopback redirect_uri depends on the port the listener binds; "
                           "use LoopbackRedirectUri after listening");
        }
      },
      mode);
}

}  // namespace gauthflow
