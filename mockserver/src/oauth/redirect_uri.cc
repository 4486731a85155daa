#include "oauth/redirect_uri.h"

#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/URI.h>

namespace gauthflow::mockserver {
namespace {

struct Parts {
  std::string scheme;
  std::string host;
  unsigned short port = 0;
  std::string path;
  std::string query;
  bool has_fragment = false;
};

bool Split(std::string const& uri, Parts& out) {
  try {
    Poco::URI parsed(uri);
    out.scheme = Poco::toLower(parsed.getScheme());
    out.host = Poco::toLower(parsed.getHost());
    out.port = parsed.getPort();
    out.path = parsed.getPath();
    if (out.path.empty()) out.path.push_back('/');  // the same root as "/"
    out.query = parsed.getRawQuery();
    out.has_fragment = !parsed.getFragment().empty() || uri.find('#') != std::string::npos;
    return !out.scheme.empty();
  } catch (Poco::Exception const&) {
    return false;
  }
}

}  // namespace

bool IsOobRedirect(std::string_view uri) { return uri == kOobUri || uri == kOobAutoUri; }

bool IsLoopbackHost(std::string_view host) {
  return host == "localhost" || host == "::1" || host == "[::1]" || host.substr(0, 4) == "127.";
}

bool RedirectUriMatches(ClientConfig const& client, std::string const& requested) {
  for (auto const& registered : client.redirect_uris) {
    if (registered == requested) return true;
  }
  if (client.type != ClientType::kInstalled || IsOobRedirect(requested)) return false;
  Parts want;
  if (!Split(requested, want) || want.has_fragment || want.scheme != "http" ||
      !IsLoopbackHost(want.host)) {
    return false;
  }
  for (auto const& registered : client.redirect_uris) {
    Parts have;
    if (IsOobRedirect(registered) || !Split(registered, have)) continue;
    // Google's Desktop ("installed") clients cannot register redirect URIs at all: their
    // client_secret.json lists "http://localhost", and Google accepts the loopback IP literals
    // and localhost alike, on any port (developers.google.com/identity/protocols/oauth2/
    // native-app#redirect-uri_loopback; RFC 8252 §7.3). The path and query must still match.
    if (have.scheme == want.scheme && IsLoopbackHost(have.host) && have.path == want.path &&
        have.query == want.query) {
      return true;
    }
  }
  return false;
}

RedirectTraits InspectRedirectUri(std::string const& uri) {
  RedirectTraits traits;
  Parts parts;
  if (IsOobRedirect(uri) || !Split(uri, parts)) return traits;
  traits.localhost = parts.host == "localhost";
  traits.insecure_remote = parts.scheme == "http" && !IsLoopbackHost(parts.host);
  return traits;
}

}  // namespace gauthflow::mockserver
