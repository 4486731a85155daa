#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_support.h"

namespace gauthflow::mockserver::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::StartsWith;

constexpr char kDeviceGrant[] = "urn:ietf:params:oauth:grant-type:device_code";

class DeviceFlow : public ServerTest {
 protected:
  HttpResult RequestCode(std::string const& scope = "openid email") {
    return PostForm(base_, "/device/code", {{"client_id", kClientId}, {"scope", scope}});
  }
  HttpResult Poll(std::string const& device_code) {
    return PostForm(base_, "/token", {{"grant_type", kDeviceGrant}, {"device_code", device_code},
                                      {"client_id", kClientId}, {"client_secret", kClientSecret}});
  }
  void ExpectError(HttpResult const& answer, int status, std::string const& error) {
    EXPECT_EQ(answer.status, status) << answer.body;
    EXPECT_EQ(answer.Field("error"), error) << answer.body;
  }
};

TEST_F(DeviceFlow, IssuesCodesInGooglesShape) {
  HttpResult answer = RequestCode();
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_THAT(answer.Field("device_code"), StartsWith("AH-1Ng"));
  EXPECT_THAT(answer.Field("user_code"), MatchesRegex("[A-Z]{4}-[A-Z]{4}"));
  EXPECT_EQ(answer.Field("verification_url"), base_ + "/device");
  EXPECT_EQ(answer.Field("expires_in"), "1800");
  EXPECT_EQ(answer.Field("interval"), "5");
}

TEST_F(DeviceFlow, RequestErrors) {
  HttpResult answer = PostForm(base_, "/device/code", {{"scope", "openid"}});
  EXPECT_EQ(answer.status, 400);
  EXPECT_EQ(answer.Field("error"), "invalid_request");
  answer = PostForm(base_, "/device/code", {{"client_id", "nobody"}, {"scope", "openid"}});
  EXPECT_EQ(answer.status, 401);
  EXPECT_EQ(answer.Field("error_description"), "The OAuth client was not found.");
  // Google allows only a few scopes on this flow.
  answer = RequestCode(kDriveMeta);
  EXPECT_EQ(answer.status, 400);
  EXPECT_EQ(answer.Field("error"), "invalid_scope");
}

TEST_F(DeviceFlow, PendingSlowDownThenApprovedThroughTheVerificationPage) {
  HttpResult code = RequestCode("openid email https://www.googleapis.com/auth/drive.file");
  std::string device_code = code.Field("device_code");
  ExpectError(Poll(device_code), 428, "authorization_pending");
  ExpectError(Poll(device_code), 403, "slow_down");  // polled again within the interval
  clock_->Advance(std::chrono::seconds(10));            // RFC 8628 §3.5: interval is now 10 s
  ExpectError(Poll(device_code), 428, "authorization_pending");

  HttpResult entry = Get(base_, "/device");
  EXPECT_EQ(entry.status, 200);
  EXPECT_THAT(entry.body, HasSubstr("<label class=\"field\" for=\"user_code\">"));
  HttpResult wrong = PostForm(base_, "/device", {{"user_code", "ZZZZ-ZZZZ"}});
  EXPECT_EQ(wrong.status, 400);
  EXPECT_THAT(wrong.body, HasSubstr("Check the code and try again"));

  // Lower case and no dash are accepted, as on google.com/device.
  std::string user_code = code.Field("user_code");
  std::string typed = user_code.substr(0, 4) + user_code.substr(5);
  for (char& c : typed) c = static_cast<char>(c - 'A' + 'a');
  HttpResult consent = PostForm(base_, "/device", {{"user_code", typed}});
  ASSERT_EQ(consent.status, 200) << consent.body;
  std::string tx = Capture(consent.body, "name=\"tx\" value=\"([^\"]+)\"");
  HttpResult done = PostForm(base_, "/o/oauth2/approval",
                             {{"tx", tx}, {"account", kUser}, {"decision", "allow"}});
  EXPECT_EQ(done.status, 200);
  EXPECT_THAT(done.body, HasSubstr("return to your device"));

  clock_->Advance(std::chrono::seconds(10));
  HttpResult tokens = Poll(device_code);
  ASSERT_EQ(tokens.status, 200) << tokens.body;
  EXPECT_THAT(tokens.Field("access_token"), StartsWith("ya29."));
  EXPECT_THAT(tokens.Field("refresh_token"), StartsWith("1//"));
  EXPECT_NE(tokens.Field("id_token"), "<absent>");
  // Single use.
  ExpectError(Poll(device_code), 400, "invalid_grant");
}

TEST_F(DeviceFlow, DeniedThroughTheAdminApi) {
  HttpResult code = RequestCode();
  HttpResult denied = PostJson(base_, "/__admin/devices/deny",
                               "{\"user_code\":\"" + code.Field("user_code") + "\"}");
  ASSERT_EQ(denied.status, 200) << denied.body;
  ExpectError(Poll(code.Field("device_code")), 403, "access_denied");
}

TEST_F(DeviceFlow, ApprovedThroughTheAdminApi) {
  HttpResult code = RequestCode();
  HttpResult listed = Get(base_, "/__admin/devices");
  EXPECT_THAT(listed.body, HasSubstr(code.Field("user_code")));
  EXPECT_THAT(listed.body, HasSubstr("\"pending\""));
  ASSERT_EQ(PostJson(base_, "/__admin/devices/approve",
                     "{\"user_code\":\"" + code.Field("user_code") + "\",\"user\":\"alice@example.com\"}")
                .status,
            200);
  EXPECT_EQ(Poll(code.Field("device_code")).status, 200);
}

TEST_F(DeviceFlow, ExpiresAfter1800Seconds) {
  HttpResult code = RequestCode();
  clock_->Advance(std::chrono::seconds(1800));
  ExpectError(Poll(code.Field("device_code")), 400, "expired_token");
  // An expired code can no longer be approved.
  EXPECT_EQ(PostJson(base_, "/__admin/devices/approve",
                     "{\"user_code\":\"" + code.Field("user_code") + "\"}")
                .status,
            400);
}

TEST_F(DeviceFlow, UnknownDeviceCodeAndMissingParameter) {
  ExpectError(Poll("AH-1Ngnope"), 400, "invalid_grant");
  HttpResult answer = PostForm(base_, "/token", {{"grant_type", kDeviceGrant}, {"client_id", kClientId},
                                                 {"client_secret", kClientSecret}});
  EXPECT_EQ(answer.Field("error_description"), "Missing required parameter: device_code");
}

}  // namespace
}  // namespace gauthflow::mockserver::testing
