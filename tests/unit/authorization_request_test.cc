#include "gauthflow/authorization_request.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "gauthflow/pkce.h"

namespace gauthflow {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

AuthorizationRequest Request() {
  AuthorizationRequest r;
  r.client_id = "123-abc.apps.googleusercontent.com";
  r.redirect_uri = "http://127.0.0.1:8080/";
  r.scopes = {"openid", "drive.metadata.readonly"};
  r.state = "st4te_-~.";
  r.code_challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
  return r;
}

TEST(BuildAuthorizationUrl, HasEveryParameterInOrder) {
  auto const url = BuildAuthorizationUrl(Request());
  ASSERT_TRUE(url) << url.error().message;
  EXPECT_EQ(*url,
            "https://accounts.google.com/o/oauth2/auth"
            "?client_id=123-abc.apps.googleusercontent.com"
            "&redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2F"
            "&response_type=code"
            "&scope=openid%20https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fdrive.metadata.readonly"
            "&state=st4te_-~."
            "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
            "&code_challenge_method=S256"
            "&access_type=offline");
}

TEST(BuildAuthorizationUrl, OptionalParameters) {
  auto r = Request();
  r.prompt = "consent select_account";
  r.login_hint = "user+tag@example.com";
  r.include_granted_scopes = true;
  r.access_type = "online";
  auto const url = BuildAuthorizationUrl(r);
  ASSERT_TRUE(url) << url.error().message;
  EXPECT_THAT(*url, HasSubstr("&access_type=online&prompt=consent%20select_account"
                              "&login_hint=user%2Btag%40example.com"
                              "&include_granted_scopes=true"));
  r.include_granted_scopes = false;
  EXPECT_THAT(BuildAuthorizationUrl(r).value(), EndsWith("&include_granted_scopes=false"));
}

TEST(BuildAuthorizationUrl, EncodesEverythingButUnreserved) {
  auto r = Request();
  r.scopes = {"https://example.com/a&b=c+d/e?f#g", "caf\xc3\xa9", "x y"};
  r.login_hint = "!*'();:@&=+$,/?#[]%\"<>";
  auto const url = BuildAuthorizationUrl(r);
  ASSERT_TRUE(url) << url.error().message;
  EXPECT_THAT(*url, HasSubstr("&scope=https%3A%2F%2Fexample.com%2Fa%26b%3Dc%2Bd%2Fe%3Ff%23g"
                              "%20https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fcaf%C3%A9"
                              "%20https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fx%20y&"));
  EXPECT_THAT(*url, HasSubstr("&login_hint=%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C%2F%3F%23%5B%5D"
                              "%25%22%3C%3E"));
  EXPECT_THAT(*url, Not(HasSubstr("+")));
}

TEST(BuildAuthorizationUrl, KeepsAnExistingQuery) {
  auto r = Request();
  r.auth_uri = "http://127.0.0.1:4567/o/oauth2/auth?hl=en";
  EXPECT_THAT(BuildAuthorizationUrl(r).value(),
              StartsWith("http://127.0.0.1:4567/o/oauth2/auth?hl=en&client_id=123-abc."));
  r.auth_uri = "http://127.0.0.1:4567/auth?";
  EXPECT_THAT(BuildAuthorizationUrl(r).value(), StartsWith("http://127.0.0.1:4567/auth?client_id="));
}

// Found by fuzzing: an auth_uri query ending in '?' ("?hl?") was taken for an empty query, so
// no '&' was added and client_id ran into the auth_uri's last parameter ("hl?client_id=...").
TEST(BuildAuthorizationUrl, SeparatesItsParametersFromAQueryEndingInQuestionMark) {
  auto r = Request();
  r.auth_uri = "http://127.0.0.1:4567/auth?hl?";
  EXPECT_THAT(BuildAuthorizationUrl(r).value(),
              StartsWith("http://127.0.0.1:4567/auth?hl?&client_id=123-abc."));
  r.auth_uri = "http://127.0.0.1:4567/auth?hl=en&";
  EXPECT_THAT(BuildAuthorizationUrl(r).value(),
              StartsWith("http://127.0.0.1:4567/auth?hl=en&client_id=123-abc."));
}

TEST(BuildAuthorizationUrl, RefusesAnAuthUriThatRepeatsAParameterOrHasAFragment) {
  auto r = Request();
  r.auth_uri = "https://accounts.google.com/o/oauth2/auth?scope=x";
  auto const repeated = BuildAuthorizationUrl(r);
  ASSERT_FALSE(repeated);
  EXPECT_THAT(repeated.error().message, HasSubstr("\"scope\""));
  r.auth_uri = "https://accounts.google.com/o/oauth2/auth#frag";
  EXPECT_FALSE(BuildAuthorizationUrl(r));
  for (auto const* bad : {"", "accounts.google.com/o/oauth2/auth", "ftp://x/auth", "https://"}) {
    r.auth_uri = bad;
    auto const url = BuildAuthorizationUrl(r);
    ASSERT_FALSE(url) << bad;
    EXPECT_EQ(url.error().code, ErrorCode::kInvalidArgument);
    EXPECT_THAT(url.error().message, HasSubstr("auth_uri"));
  }
}

TEST(BuildAuthorizationUrl, EmptyRequiredFieldsAreNamed) {
  auto const expect_named = [](AuthorizationRequest const& r, std::string const& field) {
    auto const url = BuildAuthorizationUrl(r);
    ASSERT_FALSE(url) << field;
    EXPECT_EQ(url.error().code, ErrorCode::kInvalidArgument);
    EXPECT_THAT(url.error().message, HasSubstr(field));
  };
  auto r = Request();
  r.client_id.clear();
  expect_named(r, "client_id");
  r = Request();
  r.redirect_uri.clear();
  expect_named(r, "redirect_uri");
  r = Request();
  r.scopes.clear();
  expect_named(r, "scopes");
  r.scopes = {"", ""};
  expect_named(r, "scopes");
  r = Request();
  r.state.clear();
  expect_named(r, "state");
}

TEST(BuildAuthorizationUrl, AccessTypeIsOnlineOrOffline) {
  auto r = Request();
  r.access_type = "Offline";
  auto const url = BuildAuthorizationUrl(r);
  ASSERT_FALSE(url);
  EXPECT_THAT(url.error().message, HasSubstr("access_type"));
}

TEST(BuildAuthorizationUrl, PromptIsASetOfGooglesValues) {
  auto r = Request();
  for (auto const* ok : {"none", "consent", "select_account", "select_account consent"}) {
    r.prompt = ok;
    EXPECT_TRUE(BuildAuthorizationUrl(r)) << ok;
  }
  for (auto const* bad : {"", "login", "Consent", "consent  select_account", "consent consent",
                          "none consent", " consent", "consent,select_account"}) {
    r.prompt = bad;
    auto const url = BuildAuthorizationUrl(r);
    ASSERT_FALSE(url) << bad;
    EXPECT_EQ(url.error().code, ErrorCode::kInvalidArgument);
    EXPECT_THAT(url.error().message, HasSubstr("prompt"));
  }
}

TEST(BuildAuthorizationUrl, PkceIsOptionalButValidated) {
  auto r = Request();
  r.code_challenge.clear();
  auto const without = BuildAuthorizationUrl(r);
  ASSERT_TRUE(without);
  EXPECT_THAT(*without, Not(HasSubstr("code_challenge")));

  r = Request();
  r.code_challenge_method = "S512";
  EXPECT_FALSE(BuildAuthorizationUrl(r));
  r = Request();
  r.code_challenge = "short";
  EXPECT_FALSE(BuildAuthorizationUrl(r));

  auto const pkce = GeneratePkce();
  ASSERT_TRUE(pkce);
  r = Request();
  r.code_challenge = pkce->challenge;
  r.code_challenge_method = pkce->method;
  EXPECT_THAT(BuildAuthorizationUrl(r).value(),
              HasSubstr("&code_challenge=" + pkce->challenge + "&code_challenge_method=S256"));
}

}  // namespace
}  // namespace gauthflow
