#include "gauthflow/endpoints.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/URI.h>

namespace gauthflow {
namespace {

// RFC 8252 §8.3: loopback is 127.0.0.0/8 or ::1; "localhost" is accepted here too because it
// never leaves the machine, although §7.3 recommends the literal IP for redirects.
bool IsLoopbackHost(std::string const& host) {
  if (Poco::icompare(host, "localhost") == 0) return true;
  // inet_pton rather than Poco::Net::IPAddress: the core does not link Poco Net, so that a
  // program using it alone does not load that library (gauthflow/poco/net_module.h).
  in_addr v4{};
  if (::inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  return ::inet_pton(AF_INET6, host.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

}  // namespace

Result<Endpoints> EndpointsAtBase(std::string_view base_url) {
  std::string base(base_url);
  Poco::URI uri;
  try {
    uri = Poco::URI(base);
  } catch (Poco::Exception const& e) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "endpoint base URL \"" + base + "\" is not a URL: " + e.message());
  }
  auto const scheme = Poco::toLower(uri.getScheme());
  if ((scheme != "http" && scheme != "https") || uri.getHost().empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "endpoint base URL \"" + base + "\" must be http:// or https:// with a host");
  }
  while (!base.empty() && base.back() == '/') base.pop_back();
  Endpoints endpoints;
  endpoints.auth = base + "/o/oauth2/auth";
  endpoints.token = base + "/token";
  endpoints.device = base + "/device/code";
  endpoints.revoke = base + "/revoke";
  endpoints.tokeninfo = base + "/tokeninfo";
  endpoints.userinfo = base + "/v1/userinfo";
  endpoints.drive = base + "/drive/v3/";
  return endpoints;
}

Status CheckTransportSecurity(std::string_view url, std::string_view what, bool allow_insecure) {
  std::string const text(url);
  Poco::URI uri;
  try {
    uri = Poco::URI(text);
  } catch (Poco::Exception const& e) {
    return MakeError(ErrorCode::kInvalidArgument,
                     std::string(what) + " \"" + text + "\" is not a URL: " + e.message());
  }
  auto const scheme = Poco::toLower(uri.getScheme());
  if (scheme == "https") return {};
  if (scheme != "http") {
    return MakeError(ErrorCode::kInvalidArgument,
                     std::string(what) + " \"" + text + "\" must be an https:// URL");
  }
  if (allow_insecure || IsLoopbackHost(uri.getHost())) return {};
  // RFC 6749 §3.2 and §10.9: the token endpoint (and anything carrying tokens) needs TLS.
  return MakeError(ErrorCode::kInsecureTransport,
                   std::string(what) + " \"" + uri.getScheme() + "://" + uri.getAuthority() +
                       "\" uses plain http:// to a non-loopback host; use https:// or allow "
                       "insecure transport explicitly");
}

}  // namespace gauthflow
