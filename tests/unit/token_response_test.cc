#include "gauthflow/token_response.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <ostream>
#include <string>

namespace gauthflow {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using std::chrono::seconds;

auto const kNow = std::chrono::system_clock::time_point(seconds(1'800'000'000));

TEST(ParseTokenResponse, ReadsGooglesFirstExchangeAnswer) {
  auto const token = ParseTokenResponse(R"({
    "access_token": "ya29.a0AfH6SMB",
    "expires_in": 3599,
    "refresh_token": "1//0gLq",
    "scope": "https://www.googleapis.com/auth/drive.readonly openid",
    "token_type": "Bearer",
    "id_token": "eyJhbGciOiJSUzI1NiJ9.e30.sig"
  })", kNow);
  ASSERT_TRUE(token) << token.error().message;
  EXPECT_EQ(token->access_token, "ya29.a0AfH6SMB");
  EXPECT_EQ(token->token_type, "Bearer");
  EXPECT_EQ(token->expiry, kNow + seconds(3599));
  EXPECT_EQ(token->refresh_token, "1//0gLq");
  EXPECT_THAT(token->scopes,
              ElementsAre("https://www.googleapis.com/auth/drive.readonly", "openid"));
  EXPECT_EQ(token->id_token, "eyJhbGciOiJSUzI1NiJ9.e30.sig");
}

TEST(ParseTokenResponse, AcceptsExpiresInAsANumericString) {
  auto const token = ParseTokenResponse(
      R"({"access_token": "ya29.x", "expires_in": "3600", "token_type": "Bearer"})", kNow);
  ASSERT_TRUE(token) << token.error().message;
  EXPECT_EQ(token->expiry, kNow + seconds(3600));
}

TEST(ParseTokenResponse, RefreshAnswerWithoutRefreshTokenOrIdToken) {
  auto const token = ParseTokenResponse(
      R"({"access_token": "ya29.y", "expires_in": 3599, "token_type": "Bearer",
          "scope": "openid"})",
      kNow);
  ASSERT_TRUE(token) << token.error().message;
  EXPECT_EQ(token->refresh_token, std::nullopt);
  EXPECT_EQ(token->id_token, std::nullopt);
  EXPECT_THAT(token->scopes, ElementsAre("openid"));
}

TEST(ParseTokenResponse, MissingExpiresInMeansUnknownExpiry) {
  auto const token = ParseTokenResponse(R"({"access_token": "ya29.z"})", kNow);
  ASSERT_TRUE(token) << token.error().message;
  EXPECT_EQ(token->expiry, std::nullopt);
  EXPECT_EQ(token->token_type, "Bearer");
  EXPECT_THAT(token->scopes, IsEmpty());
}

TEST(ParseTokenResponse, ToleratesExtraSpacesInScopeAndLowerCaseBearer) {
  auto const token = ParseTokenResponse(
      R"({"access_token": "a", "token_type": "bearer", "scope": " openid  email ",
          "refresh_token_expires_in": 604799})",
      kNow);
  ASSERT_TRUE(token) << token.error().message;
  EXPECT_THAT(token->scopes, ElementsAre("openid", "email"));
}

TEST(ParseTokenResponse, MissingAccessTokenNamesTheField) {
  for (auto const* body : {R"({"expires_in": 3599})", R"({"access_token": ""})",
                           R"({"access_token": null})"}) {
    auto const token = ParseTokenResponse(body, kNow);
    ASSERT_FALSE(token) << body;
    EXPECT_EQ(token.error().code, ErrorCode::kMissingField);
    EXPECT_THAT(token.error().message,
                AllOf(HasSubstr("token endpoint response"), HasSubstr("access_token")));
  }
}

TEST(ParseTokenResponse, WrongTypesAreInvalidFieldsWithoutEchoingTokens) {
  struct Case {
    char const* body;
    char const* field;
  };
  for (auto const& c : {
           Case{R"({"access_token": 42})", "access_token"},
           Case{R"({"access_token": "ya29.secret", "expires_in": "soon"})", "expires_in"},
           Case{R"({"access_token": "ya29.secret", "expires_in": -5})", "expires_in"},
           Case{R"({"access_token": "ya29.secret", "expires_in": true})", "expires_in"},
           Case{R"({"access_token": "ya29.secret", "expires_in": {}})", "expires_in"},
           Case{R"({"access_token": "ya29.secret", "scope": ["openid"]})", "scope"},
           Case{R"({"access_token": "ya29.secret", "refresh_token": 1})", "refresh_token"},
           Case{R"({"access_token": "ya29.secret", "token_type": "MAC"})", "token_type"},
       }) {
    auto const token = ParseTokenResponse(c.body, kNow);
    ASSERT_FALSE(token) << c.body;
    EXPECT_EQ(token.error().code, ErrorCode::kInvalidField) << c.body;
    EXPECT_THAT(token.error().message,
                AllOf(HasSubstr("token endpoint response"), HasSubstr(c.field),
                      Not(HasSubstr("ya29.secret"))))
        << c.body;
  }
}

TEST(ParseTokenResponse, NonJsonAndNonObjectsAreMalformed) {
  for (auto const* body : {"", "<html>502</html>", "[1,2]", "\"ya29.secret\"", "{\"a\":"}) {
    auto const token = ParseTokenResponse(body, kNow);
    ASSERT_FALSE(token) << body;
    EXPECT_EQ(token.error().code, ErrorCode::kMalformedJson) << body;
    EXPECT_THAT(token.error().message,
                AllOf(HasSubstr("token endpoint response"), Not(HasSubstr("ya29.secret"))));
  }
}

struct ErrorCase {
  int status;
  char const* error;
  char const* description;
  ErrorCode code;
};

void PrintTo(ErrorCase const& c, std::ostream* os) {
  *os << c.status << " " << c.error << ": " << c.description;
}

class ParseTokenErrorGoogle : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ParseTokenErrorGoogle, MapsTheErrorAndKeepsGooglesDescription) {
  auto const& c = GetParam();
  std::string const body = std::string(R"({"error": ")") + c.error +
                           R"(", "error_description": ")" + c.description + R"("})";
  auto const error = ParseTokenError(c.status, body, "token endpoint");
  EXPECT_EQ(error.code, c.code) << ToString(error);
  EXPECT_EQ(error.http_status, c.status);
  EXPECT_EQ(error.server_error, c.error);
  EXPECT_THAT(error.message, AllOf(HasSubstr("token endpoint"), HasSubstr(c.description),
                                   HasSubstr(std::to_string(c.status))));
}

// The table of GOOGLE-OAUTH-FACTS.md, token endpoint errors.
INSTANTIATE_TEST_SUITE_P(
    Google, ParseTokenErrorGoogle,
    ::testing::Values(
        ErrorCase{400, "invalid_grant", "Malformed auth code.", ErrorCode::kInvalidGrant},
        ErrorCase{400, "invalid_grant", "Missing code verifier.", ErrorCode::kInvalidGrant},
        ErrorCase{400, "invalid_grant", "Token has been expired or revoked.",
                  ErrorCode::kInvalidGrant},
        ErrorCase{400, "invalid_grant", "Bad Request", ErrorCode::kInvalidGrant},
        ErrorCase{400, "redirect_uri_mismatch", "Bad Request", ErrorCode::kRedirectUriMismatch},
        ErrorCase{401, "invalid_client", "Unauthorized", ErrorCode::kInvalidClient},
        ErrorCase{401, "invalid_client", "The OAuth client was not found.",
                  ErrorCode::kInvalidClient},
        ErrorCase{401, "unauthorized_client", "Unauthorized", ErrorCode::kUnauthorizedClient},
        ErrorCase{400, "unsupported_grant_type", "Invalid grant_type: foo",
                  ErrorCode::kUnsupportedGrantType},
        ErrorCase{400, "invalid_request", "Missing required parameter: code",
                  ErrorCode::kInvalidRequest},
        ErrorCase{400, "invalid_scope", "Some requested scopes were invalid.",
                  ErrorCode::kInvalidScope},
        ErrorCase{403, "access_denied", "Forbidden", ErrorCode::kAccessDenied},
        ErrorCase{400, "expired_token", "Expired", ErrorCode::kExpiredToken},
        ErrorCase{400, "invalid_token", "Bad Request", ErrorCode::kInvalidToken},
        ErrorCase{500, "server_error", "Oops", ErrorCode::kServerError},
        ErrorCase{503, "temporarily_unavailable", "Try later", ErrorCode::kServerError},
        ErrorCase{500, "internal_failure", "Backend Error", ErrorCode::kServerError},
        ErrorCase{400, "something_new", "Who knows", ErrorCode::kUnexpectedResponse}));

TEST(ParseTokenError, ErrorWithoutDescription) {
  auto const error = ParseTokenError(400, R"({"error": "invalid_grant"})", "token endpoint");
  EXPECT_EQ(error.code, ErrorCode::kInvalidGrant);
  EXPECT_EQ(error.server_error, "invalid_grant");
  EXPECT_THAT(error.message, HasSubstr("invalid_grant"));
}

TEST(ParseTokenError, HtmlBadGatewayIsAServerErrorWithAShortExcerpt) {
  std::string body =
      "<!DOCTYPE html>\n<html lang=en><title>Error 502 (Server Error)!!1</title>\n"
      "<p><b>502.</b> <ins>That\xe2\x80\x99s an error.</ins>\n<p>The server encountered a "
      "temporary error and could not complete your request.<p>Please try again in 30 "
      "seconds.  <ins>That\xe2\x80\x99s all we know.</ins>";
  body += std::string(2000, 'x');
  auto const error = ParseTokenError(502, body, "token endpoint");
  EXPECT_EQ(error.code, ErrorCode::kServerError);
  EXPECT_EQ(error.http_status, 502);
  EXPECT_EQ(error.server_error, "");
  EXPECT_THAT(error.message, AllOf(HasSubstr("token endpoint"), HasSubstr("HTTP 502"),
                                   HasSubstr("Error 502 (Server Error)"),
                                   Not(HasSubstr("<html")), Not(HasSubstr("\n"))));
  EXPECT_LT(error.message.size(), 300u);
}

TEST(ParseTokenError, NonJsonClientErrorIsUnexpected) {
  auto const error = ParseTokenError(404, "Not Found", "revocation endpoint");
  EXPECT_EQ(error.code, ErrorCode::kUnexpectedResponse);
  EXPECT_EQ(error.http_status, 404);
  EXPECT_THAT(error.message, AllOf(HasSubstr("revocation endpoint"), HasSubstr("HTTP 404"),
                                   HasSubstr("Not Found")));
}

TEST(ParseTokenError, EmptyBodySaysSo) {
  auto const error = ParseTokenError(503, "", "token endpoint");
  EXPECT_EQ(error.code, ErrorCode::kServerError);
  EXPECT_THAT(error.message, HasSubstr("empty body"));
}

TEST(ParseTokenError, JsonWithoutErrorFieldIsUnexpected) {
  auto const error =
      ParseTokenError(400, R"({"access_token": "ya29.leaked", "foo": 1})", "token endpoint");
  EXPECT_EQ(error.code, ErrorCode::kUnexpectedResponse);
  EXPECT_THAT(error.message, AllOf(HasSubstr("HTTP 400"), Not(HasSubstr("ya29.leaked"))));
}

TEST(ParseTokenError, GoogleApiErrorShape) {
  auto const error = ParseTokenError(
      503, R"({"error": {"code": 503, "message": "The service is currently unavailable.",
                         "status": "UNAVAILABLE"}})",
      "token endpoint");
  EXPECT_EQ(error.code, ErrorCode::kServerError);
  EXPECT_THAT(error.message, AllOf(HasSubstr("UNAVAILABLE"),
                                   HasSubstr("The service is currently unavailable.")));
}

TEST(ParseTokenError, CredentialsInBodiesAreRedacted) {
  auto const error = ParseTokenError(
      500, "upstream failed for refresh_token=1//0gSecret and code 4/0AXsecret", "token endpoint");
  EXPECT_THAT(error.message, AllOf(HasSubstr("[redacted]"), Not(HasSubstr("1//0gSecret")),
                                   Not(HasSubstr("4/0AXsecret"))));
}

}  // namespace
}  // namespace gauthflow
