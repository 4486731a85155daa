#include "gauthflow/endpoints.h"

#include "gauthflow/authorization_request.h"
#include "gauthflow/client_secrets.h"
#include "gauthflow/credentials.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gauthflow {
namespace {

using ::testing::HasSubstr;

TEST(Endpoints, DefaultsAreGoogles) {
  auto const e = GoogleEndpoints();
  EXPECT_EQ(e.auth, "https://accounts.google.com/o/oauth2/auth");
  EXPECT_EQ(e.token, "https://oauth2.googleapis.com/token");
  EXPECT_EQ(e.drive, "https://www.googleapis.com/drive/v3/");
}

// The other structs that name Google's endpoints take them from endpoints.h.
TEST(Endpoints, EveryDefaultNamesTheSameGoogleEndpoints) {
  auto const e = GoogleEndpoints();
  EXPECT_EQ(ClientSecrets{}.auth_uri, e.auth);
  EXPECT_EQ(ClientSecrets{}.token_uri, e.token);
  EXPECT_EQ(AuthorizationRequest{}.auth_uri, e.auth);
  EXPECT_EQ(Credentials{}.token_uri, e.token);
  EXPECT_EQ(e.revoke, "https://oauth2.googleapis.com/revoke");
  EXPECT_EQ(e.device, "https://oauth2.googleapis.com/device/code");
}

TEST(Endpoints, RebasesEveryEndpointOnGooglesPaths) {
  auto const e = EndpointsAtBase("http://127.0.0.1:4567/");
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(e->auth, "http://127.0.0.1:4567/o/oauth2/auth");
  EXPECT_EQ(e->token, "http://127.0.0.1:4567/token");
  EXPECT_EQ(e->device, "http://127.0.0.1:4567/device/code");
  EXPECT_EQ(e->revoke, "http://127.0.0.1:4567/revoke");
  EXPECT_EQ(e->tokeninfo, "http://127.0.0.1:4567/tokeninfo");
  EXPECT_EQ(e->userinfo, "http://127.0.0.1:4567/v1/userinfo");
  EXPECT_EQ(e->drive, "http://127.0.0.1:4567/drive/v3/");
}

TEST(Endpoints, RejectsABaseThatIsNotAnHttpUrl) {
  auto const e = EndpointsAtBase("ftp://example.com");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(e.error().message, HasSubstr("ftp://example.com"));
  EXPECT_FALSE(EndpointsAtBase("not a url"));
}

TEST(TransportSecurity, HttpsAlwaysPasses) {
  EXPECT_TRUE(CheckTransportSecurity("https://oauth2.googleapis.com/token", "token endpoint", false));
}

TEST(TransportSecurity, HttpToLoopbackPasses) {
  for (auto const* url : {"http://127.0.0.1:8080/token", "http://127.5.6.7/token",
                          "http://localhost:1/token", "http://[::1]:99/token"}) {
    EXPECT_TRUE(CheckTransportSecurity(url, "token endpoint", false)) << url;
  }
}

TEST(TransportSecurity, HttpElsewhereIsRefusedUnlessAllowed) {
  auto const refused = CheckTransportSecurity("http://10.1.2.3/token", "token endpoint", false);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInsecureTransport);
  EXPECT_THAT(refused.error().message, HasSubstr("token endpoint"));
  EXPECT_THAT(refused.error().message, HasSubstr("http://10.1.2.3"));
  EXPECT_TRUE(CheckTransportSecurity("http://10.1.2.3/token", "token endpoint", true));
  EXPECT_FALSE(CheckTransportSecurity("http://localhost.evil.example/token", "x", false));
}

TEST(TransportSecurity, OtherSchemesAreInvalid) {
  auto const result = CheckTransportSecurity("file:///etc/passwd", "token endpoint", true);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace gauthflow
