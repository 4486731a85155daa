#ifndef GAUTHFLOW_ENDPOINTS_H_
#define GAUTHFLOW_ENDPOINTS_H_

#include <string>
#include <string_view>

#include "gauthflow/error.h"

namespace gauthflow {

// Google's endpoints, the one place they are spelled (ClientSecrets, AuthorizationRequest and
// Credentials default to these too).
inline constexpr char kGoogleAuthUri[] = "https://accounts.google.com/o/oauth2/auth";
inline constexpr char kGoogleTokenUri[] = "https://oauth2.googleapis.com/token";
inline constexpr char kGoogleDeviceUri[] = "https://oauth2.googleapis.com/device/code";
inline constexpr char kGoogleRevokeUri[] = "https://oauth2.googleapis.com/revoke";
inline constexpr char kGoogleTokenInfoUri[] = "https://oauth2.googleapis.com/tokeninfo";
inline constexpr char kGoogleUserInfoUri[] = "https://openidconnect.googleapis.com/v1/userinfo";
inline constexpr char kGoogleDriveUri[] = "https://www.googleapis.com/drive/v3/";

// Every Google endpoint the flow and the reference example talk to.
struct Endpoints {
  std::string auth = kGoogleAuthUri;
  std::string token = kGoogleTokenUri;
  std::string device = kGoogleDeviceUri;
  std::string revoke = kGoogleRevokeUri;
  std::string tokeninfo = kGoogleTokenInfoUri;
  std::string userinfo = kGoogleUserInfoUri;
  std::string drive = kGoogleDriveUri;
};

// Google's endpoints.
inline Endpoints GoogleEndpoints() { return Endpoints{}; }

// Every endpoint re-pointed at one base URL (a fake Google), on Google's own paths:
// BASE/o/oauth2/auth, BASE/token, BASE/device/code, BASE/revoke, BASE/tokeninfo,
// BASE/v1/userinfo, BASE/drive/v3/. kInvalidArgument for a base that is not an http(s) URL.
Result<Endpoints> EndpointsAtBase(std::string_view base_url);

// Transport policy (the OAUTHLIB_INSECURE_TRANSPORT analogue): https:// always passes; http://
// only to a loopback host (127.0.0.0/8, ::1, localhost) unless `allow_insecure` is set.
// `what` names the endpoint in the error ("token endpoint").
Status CheckTransportSecurity(std::string_view url, std::string_view what, bool allow_insecure);

}  // namespace gauthflow

#endif  // GAUTHFLOW_ENDPOINTS_H_
