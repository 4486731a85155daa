#include "gauthflow/token_info.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testing/mocks.h"

namespace gauthflow {
namespace {

using ::gauthflow::testing::MockHttpClient;
using ::gauthflow::testing::Respond;
using ::testing::_;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Return;

// Google's shape: numbers and booleans as strings.
constexpr char kGoogleTokenInfo[] = R"({
  "azp": "123.apps.googleusercontent.com", "aud": "123.apps.googleusercontent.com",
  "sub": "110169484474386276334",
  "scope": "openid https://www.googleapis.com/auth/userinfo.email",
  "exp": "1764281148", "expires_in": "3599", "email": "ada@example.com",
  "email_verified": "true", "access_type": "offline"})";

TEST(ParseTokenInfo, ReadsGooglesStringlyTypedFields) {
  auto info = ParseTokenInfo(kGoogleTokenInfo);
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_EQ(info->azp, "123.apps.googleusercontent.com");
  EXPECT_EQ(info->sub, "110169484474386276334");
  EXPECT_EQ(info->email, "ada@example.com");
  EXPECT_EQ(info->email_verified, true);
  EXPECT_EQ(info->exp, 1764281148);
  EXPECT_EQ(info->expires_in, std::chrono::seconds(3599));
  EXPECT_EQ(info->access_type, "offline");
  EXPECT_THAT(info->scopes,
              ElementsAre("openid", "https://www.googleapis.com/auth/userinfo.email"));
  EXPECT_EQ(info->fields.at("expires_in"), "3599");
}

TEST(ParseTokenInfo, ReadsNumbersAndBooleans) {
  auto info = ParseTokenInfo(R"({"exp": 17, "expires_in": 5, "email_verified": false})");
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_EQ(info->exp, 17);
  EXPECT_EQ(info->expires_in, std::chrono::seconds(5));
  EXPECT_EQ(info->email_verified, false);
}

TEST(ParseTokenInfo, RejectsBadValues) {
  EXPECT_EQ(ParseTokenInfo("[]").error().code, ErrorCode::kMalformedJson);
  auto bad = ParseTokenInfo(R"({"exp": "soon"})");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidField);
  EXPECT_THAT(bad.error().message, HasSubstr("\"exp\""));
}

TEST(GetTokenInfo, SendsTheTokenAsQueryParameter) {
  MockHttpClient http;
  EXPECT_CALL(http, Send(Field(&HttpRequest::url,
                               "https://oauth2.googleapis.com/tokeninfo?access_token=ya29.a%2Fb")))
      .WillOnce(Return(Respond(200, kGoogleTokenInfo)));
  auto info = GetTokenInfo(http, "https://oauth2.googleapis.com/tokeninfo", "ya29.a/b");
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_EQ(info->email, "ada@example.com");
}

TEST(GetTokenInfo, InvalidTokenIsReportedWithGooglesMessage) {
  MockHttpClient http;
  EXPECT_CALL(http, Send(_)).WillOnce(Return(
      Respond(400, R"({"error": "invalid_token", "error_description": "Invalid Value"})")));
  auto error = GetTokenInfo(http, "https://oauth2.googleapis.com/tokeninfo", "ya29.x").error();
  EXPECT_EQ(error.code, ErrorCode::kInvalidToken);
  EXPECT_THAT(error.message, HasSubstr("Invalid Value"));
  EXPECT_THAT(error.message, ::testing::Not(HasSubstr("ya29.x")));
}

TEST(GetTokenInfo, RefusesPlainHttpToARemoteHost) {
  MockHttpClient http;
  EXPECT_CALL(http, Send(_)).Times(0);
  auto error = GetTokenInfo(http, "http://example.com/tokeninfo", "ya29.x").error();
  EXPECT_EQ(error.code, ErrorCode::kInsecureTransport);
  EXPECT_TRUE(GetTokenInfo(http, "http://example.com/tokeninfo", "", false).error().code ==
              ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace gauthflow
