#ifndef GAUTHFLOW_MOCKSERVER_ROUTES_H_
#define GAUTHFLOW_MOCKSERVER_ROUTES_H_

#include <string>

#include "gauthflow/mockserver/server_config.h"
#include "http_answer.h"
#include "oauth/id_token_signer.h"
#include "request.h"
#include "server_state.h"

namespace gauthflow::mockserver {

class DriveGateway;

// What every route may use. Owned by the server; routes are free functions of it.
struct RouteContext {
  ServerState& state;
  IdTokenSigner const& signer;
  ServerConfig const& config;
  std::string base_url;
  DriveGateway& drive;
};

// Dispatches on method and path; unknown routes get Google's 404 shape.
HttpAnswer Route(RouteContext& ctx, Request const& request);
HttpAnswer NotFound(Request const& request);
HttpAnswer MethodNotAllowed(Request const& request);

// auth_routes.cc: GET /o/oauth2/v2/auth, /o/oauth2/auth; POST /o/oauth2/approval.
HttpAnswer HandleAuthorize(RouteContext& ctx, Request const& request);
HttpAnswer HandleApproval(RouteContext& ctx, Request const& request);
// token_routes.cc: POST /token, /oauth2/v4/token.
HttpAnswer HandleToken(RouteContext& ctx, Request const& request);
// device_routes.cc: POST /device/code; GET/POST /device (verification page).
HttpAnswer HandleDeviceCode(RouteContext& ctx, Request const& request);
HttpAnswer HandleDevicePage(RouteContext& ctx, Request const& request);
// token_info_routes.cc: POST /revoke; /tokeninfo; /v1/userinfo, /oauth2/v3/userinfo.
HttpAnswer HandleRevoke(RouteContext& ctx, Request const& request);
HttpAnswer HandleTokenInfo(RouteContext& ctx, Request const& request);
HttpAnswer HandleUserInfo(RouteContext& ctx, Request const& request);
// discovery_routes.cc: /.well-known/openid-configuration, /oauth2/v3/certs.
HttpAnswer HandleOpenIdConfiguration(RouteContext& ctx, Request const& request);
HttpAnswer HandleCerts(RouteContext& ctx, Request const& request);
// /oauth2/v1/certs: the same key as {kid: PEM X.509 certificate}, Google's older format, which
// google-auth's id_token.verify_token reads.
HttpAnswer HandleCertsV1(RouteContext& ctx, Request const& request);
// admin_routes.cc: /__admin/...
HttpAnswer HandleAdmin(RouteContext& ctx, Request const& request);
// drive_routes.cc: /drive/v3/..., /discovery/v1/apis/drive/v3/rest.
HttpAnswer HandleDrive(RouteContext& ctx, Request const& request);
HttpAnswer HandleDriveDiscovery(RouteContext& ctx, Request const& request);

// JSON helpers shared by the routes.
HttpAnswer JsonAnswer(int status, std::string body);
// Token responses must not be cached (RFC 6749 §5.1).
void AddNoStoreHeaders(HttpAnswer& answer);

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_ROUTES_H_
