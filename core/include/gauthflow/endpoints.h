#ifndef GAUTHFLOW_ENDPOINTS_H_
#define GAUTHFLOW_ENDPOINTS_H_

#include <string>
#include <string_view>

#include "gauthflow/error.h"

namespace gauthflow {

// Every Google endpoint the flow and the reference example talk to.
struct Endpoints {
  std::string auth = "https://accounts.google.com/o/oauth2/auth";
  std::string token = "https://oauth2.googleapis.com/token";
  std::string device = "https://oauth2.googleapis.com/device/code";
  std::string revoke = "https://oauth2.googleapis.com/revoke";
  std::string tokeninfo = "https://oauth2.googleapis.com/tokeninfo";
  std::string userinfo = "https://openidconnect.googleapis.com/v1/userinfo";
  std::string drive = "https://www.googleapis.com/drive/v3/";
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
