#include "gauthflow/authorization_response.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gauthflow {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kState[] = "Xy7_expected-state";
constexpr char kCode[] = "4/0AVG7fiQsecretcode";

TEST(ParseRedirect, AcceptsFullUrlQueryAndBareQuery) {
  for (std::string const input :
       {"http://127.0.0.1:8080/?state=Xy7_expected-state&code=4/0AVG7fiQsecretcode&scope=email",
        "?state=Xy7_expected-state&code=4/0AVG7fiQsecretcode&scope=email",
        "state=Xy7_expected-state&code=4/0AVG7fiQsecretcode&scope=email"}) {
    auto const r = ParseRedirect(input, kState);
    ASSERT_TRUE(r) << input << ": " << r.error().message;
    EXPECT_EQ(r->code, kCode);
    EXPECT_EQ(r->state, kState);
    EXPECT_THAT(r->scopes, ElementsAre("email"));
  }
}

TEST(ParseRedirect, PercentDecodesAndSplitsGooglesScopeParameter) {
  auto const r = ParseRedirect(
      "http://localhost:1/cb?state=Xy7_expected-state&code=4%2F0AVG7fiQsecretcode"
      "&scope=email+openid%20https://www.googleapis.com/auth/userinfo.email&authuser=0"
      "&prompt=consent#ignored",
      kState);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->code, kCode);
  EXPECT_THAT(r->scopes,
              ElementsAre("email", "openid", "https://www.googleapis.com/auth/userinfo.email"));
}

TEST(ParseRedirect, BareQueryMayCarryUrlsInItsValues) {
  auto const r = ParseRedirect(
      "state=Xy7_expected-state&code=c&scope=https://www.googleapis.com/auth/drive", kState);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_THAT(r->scopes, ElementsAre("https://www.googleapis.com/auth/drive"));
}

TEST(ParseRedirect, NoScopeParameterMeansNoScopes) {
  auto const r = ParseRedirect("?code=c&state=Xy7_expected-state", kState);
  ASSERT_TRUE(r);
  EXPECT_THAT(r->scopes, IsEmpty());
}

TEST(ParseRedirect, AccessDenied) {
  auto const r = ParseRedirect(
      "http://127.0.0.1:8080/?error=access_denied&error_description=The+user+said+no"
      "&state=Xy7_expected-state",
      kState);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAccessDenied);
  EXPECT_EQ(r.error().server_error, "access_denied");
  EXPECT_THAT(r.error().message, HasSubstr("The user said no"));
}

TEST(ParseRedirect, ErrorsWinOverStateChecks) {
  // Google sends the state with errors, but an error without one is still reported as such.
  auto const r = ParseRedirect("?error=access_denied", kState);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAccessDenied);
}

TEST(ParseRedirect, OtherErrors) {
  auto const r = ParseRedirect(
      "?error=invalid_scope&error_description=Some+requested+scopes+were+invalid&state=s", kState);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAuthorizationError);
  EXPECT_EQ(r.error().server_error, "invalid_scope");
  EXPECT_THAT(r.error().message,
              AllOf(HasSubstr("invalid_scope"), HasSubstr("Some requested scopes were invalid")));
}

TEST(ParseRedirect, MissingState) {
  auto const r = ParseRedirect("http://127.0.0.1:8080/?code=4/0AVG7fiQsecretcode", kState);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kMissingState);
  EXPECT_THAT(r.error().message, Not(HasSubstr("secretcode")));
  auto const no_query = ParseRedirect("http://127.0.0.1:8080/", kState);
  ASSERT_FALSE(no_query);
  EXPECT_EQ(no_query.error().code, ErrorCode::kMissingState);
}

TEST(ParseRedirect, StateMismatchNamesNeitherState) {
  for (auto const* input : {"?code=4/0AVG7fiQsecretcode&state=attacker",
                            "?code=c&state=", "?code=c&state=Xy7_expected-statE",
                            "?code=c&state=Xy7_expected-state-longer"}) {
    auto const r = ParseRedirect(input, kState);
    ASSERT_FALSE(r) << input;
    EXPECT_EQ(r.error().code, ErrorCode::kStateMismatch) << input;
    EXPECT_THAT(r.error().message, AllOf(Not(HasSubstr(kState)), Not(HasSubstr("attacker")),
                                         Not(HasSubstr("secretcode"))));
  }
}

TEST(ParseRedirect, MissingOrEmptyCode) {
  for (auto const* input : {"?state=Xy7_expected-state", "?state=Xy7_expected-state&code=",
                            "?state=Xy7_expected-state&code"}) {
    auto const r = ParseRedirect(input, kState);
    ASSERT_FALSE(r) << input;
    EXPECT_EQ(r.error().code, ErrorCode::kMissingCode) << input;
  }
}

TEST(ParseRedirect, RepeatedParametersAndBadEncodingAreRejected) {
  auto const twice = ParseRedirect("?code=a&code=b&state=Xy7_expected-state", kState);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(twice.error().message, HasSubstr("\"code\""));
  auto const states = ParseRedirect("?code=a&state=x&state=Xy7_expected-state", kState);
  ASSERT_FALSE(states);
  EXPECT_EQ(states.error().code, ErrorCode::kInvalidArgument);
  auto const encoding = ParseRedirect("?code=%zz&state=Xy7_expected-state", kState);
  ASSERT_FALSE(encoding);
  EXPECT_EQ(encoding.error().code, ErrorCode::kInvalidArgument);
}

TEST(ParseRedirect, RefusesAnEmptyExpectedState) {
  auto const r = ParseRedirect("?code=c&state=", "");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

TEST(CheckRedirectState, TheRightStateWhateverElseTheRedirectCarries) {
  for (std::string const query :
       {"state=Xy7_expected-state&code=4/0A", "error=access_denied&state=Xy7_expected-state",
        "state=Xy7_expected-state"}) {
    auto const checked = CheckRedirectState("http://127.0.0.1:1/?" + query, kState);
    EXPECT_TRUE(checked) << query << ": " << checked.error().message;
  }
}

TEST(CheckRedirectState, ErrorsDoNotExcuseAWrongOrMissingState) {
  // Unlike ParseRedirect, an error= does not come first: a forged error must not end a sign-in.
  struct Case {
    std::string query;
    ErrorCode code;
  };
  for (auto const& c : {Case{"error=access_denied", ErrorCode::kMissingState},
                        Case{"error=access_denied&state=forged", ErrorCode::kStateMismatch},
                        Case{"code=x&state=Xy7_expected-statE", ErrorCode::kStateMismatch},
                        Case{"code=x", ErrorCode::kMissingState},
                        Case{"state=Xy7_expected-state&state=Xy7_expected-state",
                             ErrorCode::kInvalidArgument},
                        Case{"state=%zz", ErrorCode::kInvalidArgument}}) {
    auto const checked = CheckRedirectState(c.query, kState);
    ASSERT_FALSE(checked) << c.query;
    EXPECT_EQ(checked.error().code, c.code) << c.query;
    EXPECT_THAT(checked.error().message, Not(HasSubstr(kState))) << c.query;
  }
  EXPECT_FALSE(CheckRedirectState("state=", ""));
}

TEST(ParsePastedRedirectUrl, AcceptsTheRedirectUriWithItsQuery) {
  auto const r = ParsePastedRedirectUrl(
      "  http://localhost:8085/?state=Xy7_expected-state&code=4/0AVG7fiQsecretcode\n",
      "http://localhost:8085/", kState);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->code, kCode);
}

TEST(ParsePastedRedirectUrl, RootPathWithOrWithoutSlashAndCaseOfHostDoNotMatter) {
  // Browsers always show "http://host:port/?..." even for a redirect_uri without the slash.
  EXPECT_TRUE(ParsePastedRedirectUrl("http://127.0.0.1:8085/?state=Xy7_expected-state&code=c",
                                     "http://127.0.0.1:8085", kState));
  EXPECT_TRUE(ParsePastedRedirectUrl("HTTP://LOCALHOST:8085?state=Xy7_expected-state&code=c",
                                     "http://localhost:8085/", kState));
  EXPECT_TRUE(ParsePastedRedirectUrl("http://[::1]:8085/cb?state=Xy7_expected-state&code=c",
                                     "http://[::1]:8085/cb", kState));
}

TEST(ParsePastedRedirectUrl, RefusesOtherUrlsSayingWhatWasExpected) {
  for (auto const* pasted :
       {"http://localhost:9999/?state=Xy7_expected-state&code=4/0AVG7fiQsecretcode",
        "http://127.0.0.1:8085/?state=Xy7_expected-state&code=4/0AVG7fiQsecretcode",
        "http://localhost:8085/other?state=Xy7_expected-state&code=4/0AVG7fiQsecretcode",
        "https://localhost:8085/?state=Xy7_expected-state&code=4/0AVG7fiQsecretcode",
        "4/0AVG7fiQsecretcode"}) {
    auto const r = ParsePastedRedirectUrl(pasted, "http://localhost:8085/", kState);
    ASSERT_FALSE(r) << pasted;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << pasted;
    EXPECT_THAT(r.error().message,
                AllOf(HasSubstr("http://localhost:8085/"), Not(HasSubstr("secretcode"))));
  }
}

TEST(ParsePastedRedirectUrl, RecognisesThePastedAuthorizationUrl) {
  auto const r = ParsePastedRedirectUrl(
      "https://accounts.google.com/o/oauth2/auth?client_id=x&redirect_uri=http%3A%2F%2F"
      "localhost%3A8085%2F&response_type=code&scope=openid&state=Xy7_expected-state",
      "http://localhost:8085/", kState);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(r.error().message, AllOf(HasSubstr("https://accounts.google.com/o/oauth2/auth"),
                                       HasSubstr("authorization URL")));
}

TEST(ParsePastedRedirectUrl, EmptyPaste) {
  auto const r = ParsePastedRedirectUrl(" \n", "http://localhost:8085/", kState);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(r.error().message, HasSubstr("nothing was pasted"));
}

TEST(ParsePastedRedirectUrl, ThenChecksTheRedirectItself) {
  auto const denied = ParsePastedRedirectUrl(
      "http://localhost:8085/?error=access_denied&state=Xy7_expected-state",
      "http://localhost:8085/", kState);
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, ErrorCode::kAccessDenied);
  auto const mismatch = ParsePastedRedirectUrl("http://localhost:8085/?state=old&code=c",
                                               "http://localhost:8085/", kState);
  ASSERT_FALSE(mismatch);
  EXPECT_EQ(mismatch.error().code, ErrorCode::kStateMismatch);
}

TEST(ParsePastedCode, TrimsAndReturnsTheCode) {
  EXPECT_EQ(ParsePastedCode("  4/0AVG7fiQsecretcode \r\n").value(), kCode);
}

TEST(ParsePastedCode, EmptyOrSplitPastes) {
  auto const empty = ParsePastedCode(" \t\n");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kMissingCode);
  auto const split = ParsePastedCode("4/0AVG7 fiQsecretcode");
  ASSERT_FALSE(split);
  EXPECT_EQ(split.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(split.error().message, AllOf(HasSubstr("whitespace"), Not(HasSubstr("secretcode"))));
}

TEST(ParsePastedCode, ExtractsTheCodeFromAUrlOrQuery) {
  EXPECT_EQ(ParsePastedCode("http://localhost:1/?code=4/0AVG7fiQsecretcode&scope=email").value(),
            kCode);
  EXPECT_EQ(ParsePastedCode("code=4%2F0AVG7fiQsecretcode").value(), kCode);
  EXPECT_EQ(ParsePastedCode("?state=s&code=4/0AVG7fiQsecretcode").value(), kCode);
  auto const denied = ParsePastedCode("http://localhost:1/?error=access_denied");
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, ErrorCode::kAccessDenied);
  auto const no_code = ParsePastedCode("http://localhost:1/?state=s");
  ASSERT_FALSE(no_code);
  EXPECT_EQ(no_code.error().code, ErrorCode::kMissingCode);
}

TEST(ParseOobAutoTitle, LegacySuccessTitle) {
  auto const r = ParseOobAutoTitle("Success code=4/0AVG7fiQsecretcode", kState);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->code, kCode);
  EXPECT_EQ(r->state, "");
}

TEST(ParseOobAutoTitle, SuccessTitleWithStateAndScope) {
  auto const r = ParseOobAutoTitle(
      "Success state=Xy7_expected-state&code=4/0AVG7fiQsecretcode&scope=email+openid", kState);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->code, kCode);
  EXPECT_EQ(r->state, kState);
  EXPECT_THAT(r->scopes, ElementsAre("email", "openid"));

  auto const mismatch = ParseOobAutoTitle("Success state=other&code=c", kState);
  ASSERT_FALSE(mismatch);
  EXPECT_EQ(mismatch.error().code, ErrorCode::kStateMismatch);

  auto const no_code = ParseOobAutoTitle("Success state=Xy7_expected-state", kState);
  ASSERT_FALSE(no_code);
  EXPECT_EQ(no_code.error().code, ErrorCode::kMissingCode);
}

TEST(ParseOobAutoTitle, DeniedTitles) {
  auto const denied = ParseOobAutoTitle("Denied error=access_denied", kState);
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, ErrorCode::kAccessDenied);
  EXPECT_EQ(denied.error().server_error, "access_denied");
  auto const other = ParseOobAutoTitle("Denied error=invalid_request", kState);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kAuthorizationError);
  EXPECT_EQ(other.error().server_error, "invalid_request");
}

TEST(ParseOobAutoTitle, AnythingElseIsUnexpected) {
  for (auto const* title : {"", "Sign in - Google Accounts", "Success", "success code=abc",
                            "Error 400: invalid_request"}) {
    auto const r = ParseOobAutoTitle(title, kState);
    ASSERT_FALSE(r) << title;
    EXPECT_EQ(r.error().code, ErrorCode::kUnexpectedResponse) << title;
    EXPECT_THAT(r.error().message, Not(HasSubstr("abc")));
  }
}

}  // namespace
}  // namespace gauthflow
