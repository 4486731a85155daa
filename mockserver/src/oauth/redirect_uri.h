#ifndef GAUTHFLOW_MOCKSERVER_OAUTH_REDIRECT_URI_H_
#define GAUTHFLOW_MOCKSERVER_OAUTH_REDIRECT_URI_H_

#include <string>
#include <string_view>

#include "gauthflow/mockserver/server_config.h"

namespace gauthflow::mockserver {

inline constexpr char kOobUri[] = "urn:ietf:wg:oauth:2.0:oob";
inline constexpr char kOobAutoUri[] = "urn:ietf:wg:oauth:2.0:oob:auto";

bool IsOobRedirect(std::string_view uri);

// 127.0.0.0/8, ::1 and "localhost".
bool IsLoopbackHost(std::string_view host);

// Whether `requested` is one of the client's registered redirect URIs. Exact match, except that
// for installed clients with a registered loopback URI, any loopback host (127.0.0.1, [::1],
// localhost) on any port matches (RFC 8252 §7.3, as Google does); the path must match (an empty
// path and "/" are the same root), and so must the query.
bool RedirectUriMatches(ClientConfig const& client, std::string const& requested);

// Facts about a redirect URI the violation report cares about.
struct RedirectTraits {
  bool localhost = false;        // host "localhost" instead of a loopback IP (RFC 8252 §8.3)
  bool insecure_remote = false;  // http:// to a host that is not loopback
};
RedirectTraits InspectRedirectUri(std::string const& uri);

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_OAUTH_REDIRECT_URI_H_
