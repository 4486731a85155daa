#include <string_view>

#include "admin/admin_routes.h"
#include "oauth/oauth_routes.h"
#include "routes.h"

namespace gauthflow::mockserver {
namespace {

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

}  // namespace

void RouteContext::ResetStores() {
  clock.Reset();
  directory.Reset(config);
  consents.Clear();
  transactions.Clear();
  codes.Clear();
  tokens.Clear();
  devices.Clear();
  journal.Clear();
  violations.Clear();
  faults.Clear();
}

HttpAnswer JsonAnswer(int status, std::string body) {
  HttpAnswer answer;
  answer.status = status;
  answer.body = std::move(body);
  return answer;
}

void AddNoStoreHeaders(HttpAnswer& answer) {
  answer.headers.emplace_back("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
  answer.headers.emplace_back("Pragma", "no-cache");
}

HttpAnswer NotFound(Request const& request) {
  ApiErrorItem item;
  item.message = "The requested URL " + request.path + " was not found on this server.";
  item.reason = "notFound";
  return GoogleApiError(404, "NOT_FOUND", item);
}

HttpAnswer MethodNotAllowed(Request const& request) {
  ApiErrorItem item;
  item.message = "Method " + request.method + " is not allowed on " + request.path + ".";
  item.reason = "httpMethodNotAllowed";
  return GoogleApiError(405, "INVALID_ARGUMENT", item);
}

HttpAnswer Route(RouteContext& ctx, Request const& request) {
  std::string_view path = request.path;
  // Google's hosts folded onto one base URL, on their own paths (accounts.google.com,
  // oauth2.googleapis.com, openidconnect.googleapis.com, www.googleapis.com), plus legacy
  // aliases that older clients still use.
  if (path == "/token" || path == "/oauth2/v4/token") return HandleToken(ctx, request);
  if (path == "/o/oauth2/v2/auth" || path == "/o/oauth2/auth") return HandleAuthorize(ctx, request);
  if (path == "/o/oauth2/approval") return HandleApproval(ctx, request);
  if (path == "/device/code" || path == "/o/oauth2/device/code") return HandleDeviceCode(ctx, request);
  if (path == "/device") return HandleDevicePage(ctx, request);
  if (path == "/revoke" || path == "/o/oauth2/revoke") return HandleRevoke(ctx, request);
  if (path == "/tokeninfo" || path == "/oauth2/v3/tokeninfo") return HandleTokenInfo(ctx, request);
  if (path == "/v1/userinfo" || path == "/oauth2/v3/userinfo") return HandleUserInfo(ctx, request);
  if (path == "/.well-known/openid-configuration") return HandleOpenIdConfiguration(ctx, request);
  if (path == "/oauth2/v3/certs") return HandleCerts(ctx, request);
  if (path == "/oauth2/v1/certs") return HandleCertsV1(ctx, request);
  if (path == "/discovery/v1/apis/drive/v3/rest") return HandleDriveDiscovery(ctx, request);
  if (path == "/drive/v3" || StartsWith(path, "/drive/v3/")) return HandleDrive(ctx, request);
  if (StartsWith(path, "/__admin/")) return HandleAdmin(ctx, request);
  return NotFound(request);
}

}  // namespace gauthflow::mockserver
