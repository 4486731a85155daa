#ifndef GAUTHFLOW_MOCKSERVER_OAUTH_OAUTH_ROUTES_H_
#define GAUTHFLOW_MOCKSERVER_OAUTH_OAUTH_ROUTES_H_

#include "http_answer.h"
#include "request.h"
#include "routes.h"

namespace gauthflow::mockserver {

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

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_OAUTH_OAUTH_ROUTES_H_
