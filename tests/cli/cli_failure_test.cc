#include "gauthflow/cli/failure.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "gauthflow/cli/exit_codes.h"

namespace gauthflow::cli {
namespace {

using ::testing::HasSubstr;

FailureContext At(Stage stage) {
  FailureContext context;
  context.stage = stage;
  context.credentials_path = "/c.json";
  return context;
}

TEST(Explain, InvalidGrantDependsOnTheStage) {
  Error error{ErrorCode::kInvalidGrant, "token endpoint: Token has been expired or revoked."};
  auto refresh = Explain(error, At(Stage::kRefresh));
  EXPECT_EQ(refresh.exit_code, kExitLoginNeeded);
  EXPECT_THAT(refresh.message, HasSubstr("log in again: gauthflow login"));
  auto login = Explain(error, At(Stage::kLogin));
  EXPECT_EQ(login.exit_code, kExitAuthorizationFailed);
  EXPECT_THAT(login.message, HasSubstr("works once"));
}

TEST(Explain, RedirectUriMismatchExplainsTheRules) {
  auto context = At(Stage::kLogin);
  context.redirect_uri = "http://localhost:8080/";
  auto failure = Explain(Error{ErrorCode::kRedirectUriMismatch, "Bad Request"}, context);
  EXPECT_EQ(failure.exit_code, kExitClientRejected);
  EXPECT_THAT(failure.message, HasSubstr("\"http://localhost:8080/\""));
  EXPECT_THAT(failure.message, HasSubstr("127.0.0.1 and localhost are different hosts"));
  EXPECT_THAT(failure.message, HasSubstr("trailing slash"));
}

TEST(Explain, EachCodeHasItsExit) {
  struct Case {
    ErrorCode code;
    Stage stage;
    int exit;
    char const* advice;
  };
  for (auto const& c : {
           Case{ErrorCode::kPortInUse, Stage::kLogin, kExitError, "--port 0"},
           Case{ErrorCode::kAccessDenied, Stage::kLogin, kExitAccessDenied, "choose Allow"},
           Case{ErrorCode::kPermissionDenied, Stage::kApi, kExitAccessDenied, "--scopes"},
           Case{ErrorCode::kUnauthenticated, Stage::kApi, kExitLoginNeeded, "gauthflow login"},
           Case{ErrorCode::kTimeout, Stage::kLogin, kExitTimeout, "--timeout"},
           Case{ErrorCode::kTimeout, Stage::kApi, kExitUnavailable, "try again"},
           Case{ErrorCode::kExpiredToken, Stage::kLogin, kExitTimeout, "--mode device"},
           Case{ErrorCode::kOobBlocked, Stage::kLogin, kExitClientRejected, "--mode loopback"},
           Case{ErrorCode::kInvalidClient, Stage::kLogin, kExitClientRejected, "--client-secrets"},
           Case{ErrorCode::kStateMismatch, Stage::kLogin, kExitAuthorizationFailed, "login again"},
           Case{ErrorCode::kServerError, Stage::kRefresh, kExitUnavailable, "try again later"},
           Case{ErrorCode::kTransport, Stage::kApi, kExitUnavailable, "network"},
           Case{ErrorCode::kMissingField, Stage::kRefresh, kExitLoginNeeded, "log in again: gauthflow login"},
           Case{ErrorCode::kMalformedJson, Stage::kOther, kExitError, "malformed_json"},
       }) {
    auto failure = Explain(Error{c.code, "what happened"}, At(c.stage));
    EXPECT_EQ(failure.exit_code, c.exit) << ErrorCodeName(c.code);
    EXPECT_THAT(failure.message, HasSubstr(c.advice)) << ErrorCodeName(c.code);
    EXPECT_THAT(failure.message, HasSubstr("what happened")) << ErrorCodeName(c.code);
    EXPECT_EQ(failure.message.find('\n'), std::string::npos);
  }
}


// The server's error_description is quoted: whatever it carries reaches the terminal inert.
TEST(Explain, ServerTextIsMadeTerminalSafe) {
  Error error{ErrorCode::kInvalidGrant,
              "token endpoint: Token \x1b]0;pwned\x07revoked.\ngauthflow: all good\xc2\x9b"};
  for (auto stage : {Stage::kRefresh, Stage::kLogin, Stage::kOther}) {
    auto const failure = Explain(error, At(stage));
    EXPECT_EQ(failure.message.find('\x1b'), std::string::npos);
    EXPECT_EQ(failure.message.find('\x07'), std::string::npos);
    EXPECT_EQ(failure.message.find('\n'), std::string::npos);
    EXPECT_EQ(failure.message.find("\xc2\x9b"), std::string::npos);
    EXPECT_THAT(failure.message, HasSubstr("Token \\x1b]0;pwned\\x07revoked.\\x0agauthflow"));
  }
  auto const other = Explain(Error{ErrorCode::kUnexpectedResponse, "odd \x1b[2J"}, At(Stage::kApi));
  EXPECT_THAT(other.message, HasSubstr("odd \\x1b[2J"));
}

}  // namespace
}  // namespace gauthflow::cli
