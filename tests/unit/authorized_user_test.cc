#include "gauthflow/authorized_user.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace gauthflow {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

using std::chrono::seconds;
using TimePoint = std::chrono::system_clock::time_point;

// 2026-11-27T22:05:48Z.
constexpr TimePoint kExpiry{seconds(1'795'817'148)};

Credentials FullCredentials() {
  Credentials c;
  c.access_token = "ya29.a0AfH6SMBx-access";
  c.expiry = kExpiry;
  c.refresh_token = "1//0gRefresh-token";
  c.scopes = {"https://www.googleapis.com/auth/drive.readonly", "openid", "email"};
  c.token_uri = "https://oauth2.googleapis.com/token";
  c.client_id = "123-abc.apps.googleusercontent.com";
  c.client_secret = "GOCSPX-secret";
  c.id_token = "eyJhbGciOiJSUzI1NiJ9.e30.sig";
  return c;
}

void ExpectSame(Credentials const& a, Credentials const& b) {
  EXPECT_EQ(a.access_token, b.access_token);
  EXPECT_EQ(a.expiry, b.expiry);
  EXPECT_EQ(a.refresh_token, b.refresh_token);
  EXPECT_EQ(a.scopes, b.scopes);
  EXPECT_EQ(a.token_uri, b.token_uri);
  EXPECT_EQ(a.client_id, b.client_id);
  EXPECT_EQ(a.client_secret, b.client_secret);
  EXPECT_EQ(a.id_token, b.id_token);
}

TEST(AuthorizedUser, RoundTripGivesTheSameCredentials) {
  auto const original = FullCredentials();
  auto const parsed = ParseAuthorizedUser(SerializeAuthorizedUser(original), "<memory>");
  ASSERT_TRUE(parsed) << ToString(parsed.error());
  ExpectSame(*parsed, original);
}

TEST(AuthorizedUser, RoundTripOfMinimalCredentials) {
  Credentials original;
  original.refresh_token = "1//r";
  original.client_id = "id";
  original.client_secret = "secret";
  auto const text = SerializeAuthorizedUser(original);
  EXPECT_THAT(text, AllOf(Not(HasSubstr("\"token\"")), Not(HasSubstr("expiry")),
                          Not(HasSubstr("id_token"))));
  auto const parsed = ParseAuthorizedUser(text, "<memory>");
  ASSERT_TRUE(parsed) << ToString(parsed.error());
  ExpectSame(*parsed, original);
}

TEST(AuthorizedUser, SerializesGoogleAuthFieldsAndExactExpiry) {
  auto const text = SerializeAuthorizedUser(FullCredentials());
  EXPECT_THAT(text, HasSubstr(R"("type": "authorized_user")"));
  EXPECT_THAT(text, HasSubstr(R"("expiry": "2026-11-27T22:05:48Z")"));
  EXPECT_THAT(text, HasSubstr(R"("token": "ya29.a0AfH6SMBx-access")"));
  EXPECT_THAT(text, HasSubstr(R"("refresh_token": "1//0gRefresh-token")"));
  EXPECT_THAT(text, HasSubstr(R"("client_id": "123-abc.apps.googleusercontent.com")"));
  EXPECT_THAT(text, HasSubstr(R"("client_secret": "GOCSPX-secret")"));
  EXPECT_THAT(text, HasSubstr(R"("token_uri": "https://oauth2.googleapis.com/token")"));
  EXPECT_THAT(text, HasSubstr(R"("id_token": "eyJhbGciOiJSUzI1NiJ9.e30.sig")"));
  EXPECT_THAT(text, HasSubstr(R"("scopes": [)"));
}

TEST(AuthorizedUser, ExpiryDropsSubSecondPrecision) {
  auto credentials = FullCredentials();
  credentials.expiry = kExpiry + std::chrono::milliseconds(999);
  auto const text = SerializeAuthorizedUser(credentials);
  EXPECT_THAT(text, HasSubstr(R"("expiry": "2026-11-27T22:05:48Z")"));
  auto const parsed = ParseAuthorizedUser(text, "<memory>");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->expiry, kExpiry);
}

// What google-auth's Credentials.to_json() writes: a naive UTC datetime's isoformat() plus "Z",
// which carries microseconds; no "type".
TEST(AuthorizedUser, ParsesGoogleAuthToJsonWithFractionalSeconds) {
  auto const parsed = ParseAuthorizedUser(
      R"({"token": "ya29.tok", "refresh_token": "1//ref", "token_uri": "https://oauth2.googleapis.com/token",
          "client_id": "cid.apps.googleusercontent.com", "client_secret": "sec",
          "scopes": ["https://www.googleapis.com/auth/drive.metadata.readonly"],
          "universe_domain": "googleapis.com", "account": "",
          "expiry": "2026-11-27T22:05:48.123456Z"})",
      "token.json");
  ASSERT_TRUE(parsed) << ToString(parsed.error());
  EXPECT_EQ(parsed->access_token, "ya29.tok");
  EXPECT_EQ(parsed->refresh_token, "1//ref");
  EXPECT_EQ(parsed->client_id, "cid.apps.googleusercontent.com");
  EXPECT_EQ(parsed->client_secret, "sec");
  EXPECT_THAT(parsed->scopes, ElementsAre("https://www.googleapis.com/auth/drive.metadata.readonly"));
  EXPECT_EQ(parsed->expiry, kExpiry);
  EXPECT_EQ(parsed->id_token, std::nullopt);
}

// gcloud's application_default_credentials.json: type, no token, no expiry, no token_uri.
TEST(AuthorizedUser, ParsesAdcFileWithoutExpiryOrToken) {
  auto const parsed = ParseAuthorizedUser(
      R"({
  "account": "",
  "client_id": "764086051850-6qr4p6gpi6hn506pt8ejuq83di341hur.apps.googleusercontent.com",
  "client_secret": "d-FL95Q19q7MQmFpd7hHD0Ty",
  "quota_project_id": "my-project",
  "refresh_token": "1//0abc",
  "type": "authorized_user",
  "universe_domain": "googleapis.com"
})",
      "adc.json");
  ASSERT_TRUE(parsed) << ToString(parsed.error());
  EXPECT_EQ(parsed->access_token, "");
  EXPECT_EQ(parsed->expiry, std::nullopt);
  EXPECT_EQ(parsed->token_uri, "https://oauth2.googleapis.com/token");
  EXPECT_THAT(parsed->scopes, IsEmpty());
}

TEST(AuthorizedUser, AcceptsAccessTokenSpellingAndScopeString) {
  auto const parsed = ParseAuthorizedUser(
      R"({"access_token": "ya29.x", "refresh_token": "r", "client_id": "c", "client_secret": "s",
          "scopes": "openid  email https://www.googleapis.com/auth/drive"})",
      "<memory>");
  ASSERT_TRUE(parsed) << ToString(parsed.error());
  EXPECT_EQ(parsed->access_token, "ya29.x");
  EXPECT_THAT(parsed->scopes, ElementsAre("openid", "email", "https://www.googleapis.com/auth/drive"));
}

TEST(AuthorizedUser, AcceptsExpiryWithoutZoneOrWithOffset) {
  auto const naive = ParseAuthorizedUser(
      R"({"refresh_token": "r", "client_id": "c", "client_secret": "s",
          "expiry": "2026-11-27T22:05:48"})",
      "<memory>");
  ASSERT_TRUE(naive) << ToString(naive.error());
  EXPECT_EQ(naive->expiry, kExpiry);
  auto const offset = ParseAuthorizedUser(
      R"({"refresh_token": "r", "client_id": "c", "client_secret": "s",
          "expiry": "2026-11-27T23:05:48+01:00"})",
      "<memory>");
  ASSERT_TRUE(offset) << ToString(offset.error());
  EXPECT_EQ(offset->expiry, kExpiry);
}

TEST(AuthorizedUser, KeepsStoredTokenUri) {
  auto const parsed = ParseAuthorizedUser(
      R"({"refresh_token": "r", "client_id": "c", "client_secret": "s",
          "token_uri": "http://127.0.0.1:8080/token"})",
      "<memory>");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->token_uri, "http://127.0.0.1:8080/token");
}

TEST(AuthorizedUser, MalformedJsonNamesSource) {
  for (auto const* text : {"", "{", "not json", R"({"a": 1} trailing)", "[1, 2]", "\"str\""}) {
    auto const parsed = ParseAuthorizedUser(text, "/home/u/creds.json");
    ASSERT_FALSE(parsed) << text;
    EXPECT_EQ(parsed.error().code, ErrorCode::kMalformedJson) << text;
    EXPECT_THAT(parsed.error().message, HasSubstr("/home/u/creds.json")) << text;
  }
}

TEST(AuthorizedUser, OtherTypeIsRejectedNamingIt) {
  auto const parsed = ParseAuthorizedUser(
      R"({"type": "service_account", "refresh_token": "r", "client_id": "c", "client_secret": "s"})",
      "key.json");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidField);
  EXPECT_THAT(parsed.error().message, AllOf(HasSubstr("key.json"), HasSubstr("service_account"),
                                            HasSubstr("\"type\"")));
}

TEST(AuthorizedUser, EachRequiredFieldMissingIsNamed) {
  struct Case {
    char const* json;
    char const* field;
  };
  for (auto const& c : {
           Case{R"({"refresh_token": "r", "client_secret": "s"})", "client_id"},
           Case{R"({"refresh_token": "r", "client_id": "c"})", "client_secret"},
           Case{R"({"refresh_token": "r", "client_id": "c", "client_secret": null})",
                "client_secret"},
           Case{R"({"refresh_token": "r", "client_id": "", "client_secret": "s"})", "client_id"},
       }) {
    auto const parsed = ParseAuthorizedUser(c.json, "creds.json");
    ASSERT_FALSE(parsed) << c.json;
    EXPECT_EQ(parsed.error().code, ErrorCode::kMissingField) << c.json;
    EXPECT_THAT(parsed.error().message,
                AllOf(HasSubstr("creds.json"), HasSubstr(std::string("\"") + c.field + "\"")))
        << c.json;
  }
}

// Files without a refresh token: a sign-in for which Google sent none, and what `revoke` leaves.
TEST(AuthorizedUser, RefreshTokenIsOptional) {
  for (char const* json : {R"({"client_id": "c", "client_secret": "s", "token": "ya29.a"})",
                           R"({"refresh_token": null, "client_id": "c", "client_secret": "s"})",
                           R"({"refresh_token": "", "client_id": "c", "client_secret": "s"})"}) {
    auto const parsed = ParseAuthorizedUser(json, "creds.json");
    ASSERT_TRUE(parsed) << json << ": " << parsed.error().message;
    EXPECT_FALSE(parsed->refresh_token.has_value()) << json;
    EXPECT_EQ(parsed->client_id, "c");
  }
  auto const wrong = ParseAuthorizedUser(R"({"refresh_token": 7, "client_id": "c",
                                             "client_secret": "s"})", "creds.json");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidField);
  // Written without the key, read back without a refresh token.
  Credentials none;
  none.client_id = "c";
  none.client_secret = "s";
  auto const text = SerializeAuthorizedUser(none);
  EXPECT_THAT(text, Not(HasSubstr("refresh_token")));
  auto const back = ParseAuthorizedUser(text, "creds.json");
  ASSERT_TRUE(back);
  EXPECT_FALSE(back->refresh_token.has_value());
  EXPECT_TRUE(back->access_token.empty());
}

TEST(AuthorizedUser, BadExpiryIsInvalidField) {
  // The whole text must be the date-time: nothing before it, nothing (not even a newline) after.
  for (auto const* expiry : {"tomorrow", "2026-13-27T22:05:48Z", "2026-11-27", "2026-11-27T22:05:48Zjunk",
                             "2026-11-27 22:05:48", "x2026-11-27T22:05:48Z", "2026-11-27T22:05:48Z\\n",
                             "2026-11-27T22:05:48.Z", "2026-11-27T22:05:48+0100",
                             "\\u0662026-11-27T22:05:48Z"}) {
    auto const parsed = ParseAuthorizedUser(
        std::string(R"({"refresh_token": "r", "client_id": "c", "client_secret": "s", "expiry": ")") +
            expiry + "\"}",
        "creds.json");
    ASSERT_FALSE(parsed) << expiry;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidField) << expiry;
    EXPECT_THAT(parsed.error().message, AllOf(HasSubstr("creds.json"), HasSubstr("\"expiry\"")));
  }
  auto const number = ParseAuthorizedUser(
      R"({"refresh_token": "r", "client_id": "c", "client_secret": "s", "expiry": 1795817148})",
      "creds.json");
  ASSERT_FALSE(number);
  EXPECT_EQ(number.error().code, ErrorCode::kInvalidField);
}

// Found by fuzzing: a well-formed expiry beyond the clock's range (system_clock counts
// nanoseconds with libstdc++: years 1678 to 2262) overflowed when converted (undefined
// behaviour), so "0026-11-27T23:05:48+01:00" was read as another instant and did not survive a
// save and reload.
TEST(AuthorizedUser, ExpiryBeyondTheClocksRangeIsInvalidField) {
  auto const with_expiry = [](std::string const& expiry) {
    return ParseAuthorizedUser(
        R"({"refresh_token": "r", "client_id": "c", "client_secret": "s", "expiry": ")" + expiry +
            "\"}",
        "creds.json");
  };
  for (auto const* expiry : {"0026-11-27T23:05:48+01:00", "1000-01-01T00:00:00Z",
                             "9999-12-31T23:59:59Z", "0000-01-01T00:00:00-23:59"}) {
    auto const parsed = with_expiry(expiry);
    ASSERT_FALSE(parsed) << expiry;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidField) << expiry;
    EXPECT_THAT(parsed.error().message, AllOf(HasSubstr("\"expiry\""), HasSubstr("outside")));
  }
  for (auto const* expiry : {"1970-01-01T00:00:00Z", "1900-01-01T00:00:00Z", "2200-01-01T00:00:00Z"}) {
    auto const parsed = with_expiry(expiry);
    ASSERT_TRUE(parsed) << expiry;
    auto const again = ParseAuthorizedUser(SerializeAuthorizedUser(*parsed), "<memory>");
    ASSERT_TRUE(again) << expiry;
    EXPECT_EQ(again->expiry, parsed->expiry) << expiry;
  }
}

TEST(AuthorizedUser, WrongFieldTypesAreInvalidWithoutLeakingSecrets) {
  auto const scopes = ParseAuthorizedUser(
      R"({"refresh_token": "r", "client_id": "c", "client_secret": "s", "scopes": ["a", 3]})",
      "creds.json");
  ASSERT_FALSE(scopes);
  EXPECT_EQ(scopes.error().code, ErrorCode::kInvalidField);
  EXPECT_THAT(scopes.error().message, HasSubstr("\"scopes\""));

  auto const secret = ParseAuthorizedUser(
      R"({"refresh_token": "1//very-secret", "client_id": "c", "client_secret": 12345})",
      "creds.json");
  ASSERT_FALSE(secret);
  EXPECT_EQ(secret.error().code, ErrorCode::kInvalidField);
  EXPECT_THAT(secret.error().message, AllOf(HasSubstr("\"client_secret\""),
                                            Not(HasSubstr("12345")), Not(HasSubstr("very-secret"))));
}

}  // namespace
}  // namespace gauthflow
