// gauthflow's commands through Run, with a mocked HTTP client and a fake clock.
#include "gauthflow/cli/run.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include <signal.h>

#include <Poco/File.h>
#include <Poco/TemporaryFile.h>

#include "gauthflow/cli/exit_codes.h"
#include "gauthflow/credentials_store.h"
#include "gauthflow/version.h"
#include "testing/fake_clock.h"
#include "testing/mocks.h"

namespace gauthflow::cli {
namespace {

using ::gauthflow::testing::FakeClock;
using ::gauthflow::testing::MockBrowserLauncher;
using ::gauthflow::testing::MockHttpClient;
using ::gauthflow::testing::Respond;
using ::testing::_;
using ::testing::AllOf;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Invoke;
using ::testing::Return;
using ::testing::StartsWith;

constexpr char kTokenUri[] = "https://oauth2.googleapis.com/token";
constexpr char kDeviceUri[] = "https://oauth2.googleapis.com/device/code";
constexpr char kDeviceCodeJson[] = R"({"device_code":"dev","user_code":"ABCD-EFGH",
  "verification_url":"https://www.google.com/device","expires_in":1800,"interval":5})";

class Forwarding : public HttpClient {
 public:
  explicit Forwarding(HttpClient& inner) : inner_(inner) {}
  Result<HttpResponse> Send(HttpRequest const& request) override { return inner_.Send(request); }

 private:
  HttpClient& inner_;
};

MATCHER_P(HasBearer, token, "") {
  return FindHeader(arg.headers, "Authorization") == "Bearer " + std::string(token);
}

class RunTest : public ::testing::Test {
 protected:
  RunTest() { Poco::File(dir_).createDirectories(); }
  ~RunTest() override { Poco::File(dir_).remove(true); }

  int Call(std::vector<std::string> args) {
    out_.str("");
    err_.str("");
    Dependencies deps{
        .make_http_client = [this](HttpClientSettings const&)
            -> Result<std::unique_ptr<HttpClient>> { return std::make_unique<Forwarding>(http_); },
        .make_receiver = [](Clock&) -> std::unique_ptr<RedirectReceiver> {
          return std::make_unique<::testing::StrictMock<testing::MockRedirectReceiver>>();
        },
        .system_browser = browser_,
        .clock = clock_,
        .environment = [this](std::string const& name) -> std::optional<std::string> {
          if (name == "HOME") return dir_;
          return std::nullopt;
        },
        .in = in_,
        .out = out_,
        .err = err_,
        .interactive = false,
        .run_process = nullptr,
        .executable_path = "",
    };
    return ::gauthflow::cli::Run(args, deps);
  }
  void Store(std::chrono::seconds valid_for, bool with_refresh = true) {
    Credentials credentials;
    credentials.access_token = "ya29.stored";
    credentials.expiry = clock_.Now() + valid_for;
    if (with_refresh) credentials.refresh_token = "1//refresh";
    credentials.scopes = {"https://www.googleapis.com/auth/drive.metadata.readonly"};
    credentials.token_uri = kTokenUri;
    credentials.client_id = "id";
    credentials.client_secret = "secret";
    ASSERT_TRUE(FileCredentialsStore(path_).Save(credentials));
  }
  Credentials Stored() { return *FileCredentialsStore(path_).Load(); }
  // A Desktop client's client_secret.json; returns its path.
  std::string Secrets() {
    std::string const file = dir_ + "/client_secret.json";
    std::ofstream(file) << R"({"installed": {"client_id": "id", "client_secret": "secret",
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": "https://oauth2.googleapis.com/token",
        "redirect_uris": ["http://localhost"]}})";
    return file;
  }

  std::string const dir_ = Poco::TemporaryFile::tempName();
  std::string const path_ = dir_ + "/.config/gauthflow/credentials.json";
  ::testing::StrictMock<MockHttpClient> http_;
  ::testing::StrictMock<MockBrowserLauncher> browser_;  // no command may open a browser here
  FakeClock clock_;
  std::istringstream in_;
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(RunTest, TokenServesAValidStoredTokenWithoutAnyRequest) {
  Store(std::chrono::hours(1));
  EXPECT_EQ(Call({"token"}), kExitOk);
  EXPECT_EQ(out_.str(), "ya29.stored\n");
  EXPECT_EQ(Call({"token", "--format", "header"}), kExitOk);
  EXPECT_EQ(out_.str(), "Authorization: Bearer ya29.stored\n");
  EXPECT_EQ(Call({"token", "--format", "json"}), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr(R"("access_token": "ya29.stored")"));
  EXPECT_THAT(out_.str(), HasSubstr(R"("expires_in": 3600)"));
}

TEST_F(RunTest, TokenRefreshesNearExpiryAndSaves) {
  Store(std::chrono::minutes(3));  // inside google-auth's 3 min 45 s slack
  EXPECT_CALL(http_, Send(AllOf(Field(&HttpRequest::url, kTokenUri),
                                Field(&HttpRequest::body, HasSubstr("grant_type=refresh_token")))))
      .WillOnce(Return(Respond(200, R"({"access_token": "ya29.new", "expires_in": 3599,
                                        "token_type": "Bearer"})")));
  EXPECT_EQ(Call({"token"}), kExitOk) << err_.str();
  EXPECT_EQ(out_.str(), "ya29.new\n");
  EXPECT_EQ(Stored().access_token, "ya29.new");
  EXPECT_EQ(Stored().refresh_token, "1//refresh");  // kept
}

TEST_F(RunTest, RevokedRefreshTokenMeansLoginNeeded) {
  Store(std::chrono::seconds(-1));
  EXPECT_CALL(http_, Send(_)).WillOnce(Return(Respond(
      400, R"({"error": "invalid_grant", "error_description": "Token has been expired or revoked."})")));
  EXPECT_EQ(Call({"status"}), kExitLoginNeeded);
  EXPECT_THAT(err_.str(), HasSubstr("gauthflow status: the stored refresh token no longer works"));
  EXPECT_THAT(err_.str(), HasSubstr("log in again: gauthflow login"));
}

TEST_F(RunTest, NoRefreshTokenAndExpiredSaysItCannotBeRenewed) {
  Store(std::chrono::seconds(-1), /*with_refresh=*/false);
  EXPECT_EQ(Call({"token"}), kExitLoginNeeded);
  EXPECT_THAT(err_.str(), HasSubstr("no refresh token is stored"));
  EXPECT_THAT(err_.str(), HasSubstr("cannot be renewed; log in again: gauthflow login"));
  EXPECT_EQ(Call({"status"}), kExitLoginNeeded);
  EXPECT_EQ(Call({"status", "--offline"}), kExitLoginNeeded);
  EXPECT_THAT(err_.str(), HasSubstr("cannot be renewed"));
}

// A sign-in for which Google sent no refresh token still gives an hour of access.
TEST_F(RunTest, WithoutARefreshTokenTheAccessTokenIsServedUntilItExpires) {
  Store(std::chrono::hours(1), /*with_refresh=*/false);
  EXPECT_EQ(Call({"token"}), kExitOk) << err_.str();
  EXPECT_EQ(out_.str(), "ya29.stored\n");
  Store(std::chrono::minutes(2), /*with_refresh=*/false);  // inside the refresh slack
  EXPECT_EQ(Call({"token"}), kExitOk) << err_.str();
  EXPECT_EQ(out_.str(), "ya29.stored\n");
  EXPECT_EQ(Call({"status", "--offline"}), kExitOk) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("Refresh token: none; the access token cannot be renewed"));
  EXPECT_CALL(http_, Send(Field(&HttpRequest::url, StartsWith(
                                    "https://oauth2.googleapis.com/tokeninfo?access_token="))))
      .WillOnce(Return(Respond(200, R"({"expires_in": "119", "azp": "id"})")));
  EXPECT_EQ(Call({"status"}), kExitOk) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("cannot be renewed"));
}

TEST_F(RunTest, StatusWithoutCredentials) {
  EXPECT_EQ(Call({"status"}), kExitLoginNeeded);
  EXPECT_THAT(err_.str(), HasSubstr("not logged in: no credentials at " + path_));
  EXPECT_EQ(out_.str(), "");
}

TEST_F(RunTest, StatusReportsTheToken) {
  Store(std::chrono::hours(1));
  EXPECT_CALL(http_, Send(Field(&HttpRequest::url,
                                "https://oauth2.googleapis.com/tokeninfo?access_token=ya29.stored")))
      .WillOnce(Return(Respond(200, R"({"expires_in": "3599", "azp": "id"})")));
  EXPECT_EQ(Call({"status"}), kExitOk) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("confirmed by tokeninfo"));
  EXPECT_THAT(out_.str(), HasSubstr("Logged in: " + path_));
  EXPECT_THAT(out_.str(), HasSubstr("(60 min)"));
  EXPECT_THAT(out_.str(), HasSubstr("Refresh token: stored"));
}

// The file cannot tell that a token was revoked elsewhere: status asks tokeninfo, then tries
// the refresh token, which decides.
TEST_F(RunTest, StatusAsksTheServerWhenTheTokenLooksValid) {
  Store(std::chrono::hours(1));
  ::testing::InSequence order;
  EXPECT_CALL(http_, Send(Field(&HttpRequest::url, StartsWith(
                                    "https://oauth2.googleapis.com/tokeninfo?access_token=ya29.stored"))))
      .WillOnce(Return(Respond(400, R"({"error": "invalid_token", "error_description": "Invalid Value"})")));
  EXPECT_CALL(http_, Send(Field(&HttpRequest::url, kTokenUri)))
      .WillOnce(Return(Respond(400, R"({"error": "invalid_grant",
                                        "error_description": "Token has been expired or revoked."})")));
  EXPECT_EQ(Call({"status"}), kExitLoginNeeded);
  EXPECT_THAT(err_.str(), HasSubstr("Token has been expired or revoked."));
}

TEST_F(RunTest, StatusOfflineSendsNothing) {
  Store(std::chrono::hours(1));  // http_ is a StrictMock: any request fails the test
  EXPECT_EQ(Call({"status", "--offline"}), kExitOk) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("not checked with the server"));
  EXPECT_THAT(out_.str(), HasSubstr("Refresh token: stored"));
  Store(std::chrono::seconds(-1));
  EXPECT_EQ(Call({"status", "--offline"}), kExitOk) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("the refresh token would renew it"));
}

TEST_F(RunTest, RevokeLeavesTheFileButNoTokenSoStatusAndTokenExit3) {
  Store(std::chrono::hours(1));
  EXPECT_CALL(http_, Send(AllOf(Field(&HttpRequest::url, StartsWith(
                                          "https://oauth2.googleapis.com/revoke")),
                                Field(&HttpRequest::body, HasSubstr("1%2F%2Frefresh")))))
      .WillOnce(Return(Respond(200, "{}")));
  EXPECT_EQ(Call({"revoke"}), kExitOk) << err_.str();
  EXPECT_THAT(err_.str(), HasSubstr("Revoked the refresh token."));
  ASSERT_TRUE(Poco::File(path_).exists());
  auto const left = Stored();
  EXPECT_TRUE(left.access_token.empty());
  EXPECT_FALSE(left.refresh_token.has_value());
  EXPECT_EQ(left.client_id, "id");
  EXPECT_EQ(left.scopes, std::vector<std::string>{"https://www.googleapis.com/auth/drive.metadata.readonly"});
  // No request from here on (StrictMock): the file itself says "revoked".
  for (auto const& args : {std::vector<std::string>{"status"}, {"status", "--offline"},
                           {"token"}, {"drive", "ls"}, {"info"}}) {
    EXPECT_EQ(Call(args), kExitLoginNeeded) << args[0];
    EXPECT_THAT(err_.str(), HasSubstr("hold no token: they were revoked")) << args[0];
    EXPECT_EQ(out_.str(), "") << args[0];
  }
  EXPECT_EQ(Call({"revoke"}), kExitLoginNeeded);  // nothing left to revoke
  EXPECT_EQ(Call({"logout"}), kExitOk) << err_.str();  // deletes without a request
  EXPECT_FALSE(Poco::File(path_).exists());
}

TEST_F(RunTest, ServerErrorTextReachesTheTerminalInert) {
  Store(std::chrono::seconds(-1));
  EXPECT_CALL(http_, Send(_)).WillOnce(Return(Respond(
      400, R"({"error": "invalid_grant",
               "error_description": "Token \u001b]0;owned\u0007revoked.\ngauthflow: fine\u009b"})")));
  EXPECT_EQ(Call({"token"}), kExitLoginNeeded);
  std::string const err = err_.str();
  EXPECT_EQ(err.find('\x1b'), std::string::npos) << err;
  EXPECT_EQ(err.find('\x07'), std::string::npos) << err;
  EXPECT_EQ(err.find("\xc2\x9b"), std::string::npos) << err;
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;  // one line, as always
  EXPECT_THAT(err, HasSubstr("owned"));
  EXPECT_THAT(err, HasSubstr("fine\\u009b"));  // the C1 CSI, shown as an escape
}

TEST_F(RunTest, AFileOthersCanReadIsUsedWithAWarning) {
  Store(std::chrono::hours(1));
  ASSERT_EQ(::chmod(path_.c_str(), 0644), 0);
  EXPECT_EQ(Call({"token"}), kExitOk);
  EXPECT_EQ(out_.str(), "ya29.stored\n");
  EXPECT_THAT(err_.str(), HasSubstr("warning: " + path_ + " is accessible by group or others"));
  EXPECT_THAT(err_.str(), HasSubstr("chmod 600 " + path_));
}

TEST_F(RunTest, DriveLsListsTheSeedsFiveFiles) {
  Store(std::chrono::hours(1));
  EXPECT_CALL(http_, Send(AllOf(
                         Field(&HttpRequest::url,
                               "https://www.googleapis.com/drive/v3/files?orderBy=modifiedByMeTime+"
                               "desc&pageSize=5&fields=nextPageToken%2Cfiles%28id%2Cname%2C"
                               "mimeType%2CmodifiedTime%29"),
                         HasBearer("ya29.stored"))))
      .WillOnce(Return(Respond(200, R"({"files": [
          {"id": "1", "name": "a.txt", "mimeType": "text/plain",
           "modifiedTime": "2024-01-02T00:00:00.000Z"},
          {"id": "22", "name": "Budget", "mimeType": "application/vnd.google-apps.spreadsheet",
           "modifiedTime": "2024-01-01T00:00:00.000Z"}], "nextPageToken": "p2"})")));
  EXPECT_EQ(Call({"drive", "ls"}), kExitOk) << err_.str();
  EXPECT_EQ(out_.str(),
            "MODIFIED                  NAME    TYPE                                     ID\n"
            "2024-01-02T00:00:00.000Z  a.txt   text/plain                               1\n"
            "2024-01-01T00:00:00.000Z  Budget  application/vnd.google-apps.spreadsheet  22\n");
  EXPECT_THAT(err_.str(), HasSubstr("--all"));
}

// A file's name is chosen by whoever shared it: the table shows it inert, aligned.
TEST_F(RunTest, DriveLsShowsControlCharactersInNamesAsEscapes) {
  Store(std::chrono::hours(1));
  EXPECT_CALL(http_, Send(_)).WillOnce(Return(Respond(200, R"({"files": [
      {"id": "1", "name": "evil\u001b]0;title\u0007\u001b[2J", "mimeType": "text/plain"},
      {"id": "2", "name": "ok", "mimeType": "text/plain"}]})")));
  EXPECT_EQ(Call({"drive", "ls"}), kExitOk) << err_.str();
  EXPECT_EQ(out_.str(),
            "NAME                         TYPE        ID\n"
            "evil\\x1b]0;title\\x07\\x1b[2J  text/plain  1\n"
            "ok                           text/plain  2\n");
}

TEST_F(RunTest, DriveLsRefreshesOnceWhenTheTokenIsRejected) {
  Store(std::chrono::hours(1));
  ::testing::InSequence order;
  EXPECT_CALL(http_, Send(HasBearer("ya29.stored")))
      .WillOnce(Return(Respond(401, R"({"error": {"code": 401, "message": "Invalid Credentials",
          "errors": [{"reason": "authError"}]}})")));
  EXPECT_CALL(http_, Send(Field(&HttpRequest::url, kTokenUri)))
      .WillOnce(Return(Respond(200, R"({"access_token": "ya29.new", "expires_in": 3599})")));
  EXPECT_CALL(http_, Send(HasBearer("ya29.new")))
      .WillOnce(Return(Respond(200, R"({"files": []})")));
  EXPECT_EQ(Call({"drive", "ls", "--format", "json"}), kExitOk) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr(R"("files": [)"));
  EXPECT_THAT(out_.str(), ::testing::Not(HasSubstr("id")));
}

TEST_F(RunTest, DriveForbiddenIsAccessDenied) {
  Store(std::chrono::hours(1));
  EXPECT_CALL(http_, Send(_)).WillOnce(Return(Respond(
      403, R"({"error": {"code": 403, "message": "Request had insufficient authentication scopes.",
          "errors": [{"reason": "insufficientPermissions"}]}})",
      {{"WWW-Authenticate", R"(Bearer realm="x", error="insufficient_scope", scope="drive")"}})));
  EXPECT_EQ(Call({"drive", "ls"}), kExitAccessDenied);
  EXPECT_THAT(err_.str(), HasSubstr("lacks the scope it needs: drive"));
}

TEST_F(RunTest, InfoPrintsTokeninfo) {
  Store(std::chrono::hours(1));
  EXPECT_CALL(http_, Send(Field(&HttpRequest::url,
                                "https://oauth2.googleapis.com/tokeninfo?access_token=ya29.stored")))
      .WillOnce(Return(Respond(200, R"({"email": "a@example.com", "expires_in": "3599",
                                        "scope": "openid", "azp": "id"})")));
  EXPECT_EQ(Call({"info"}), kExitOk) << err_.str();
  EXPECT_EQ(out_.str(), "email: a@example.com\nazp: id\nscope: openid\nexpires_in: 3599\n");
}

TEST_F(RunTest, LogoutRevokesTheRefreshTokenAndDeletes) {
  Store(std::chrono::hours(1));
  EXPECT_CALL(http_, Send(AllOf(Field(&HttpRequest::url, StartsWith(
                                          "https://oauth2.googleapis.com/revoke")))))
      .WillOnce(Return(Respond(200, "{}")));
  EXPECT_EQ(Call({"logout"}), kExitOk) << err_.str();
  EXPECT_FALSE(Poco::File(path_).exists());
  EXPECT_EQ(Call({"logout"}), kExitOk);  // nothing left: fine
  EXPECT_THAT(err_.str(), HasSubstr("nothing to do"));
}

// --mode device runs core's device grant: the code on the console, the status line from the
// flow's observer, the pause between polls on the (fake) clock.
TEST_F(RunTest, LoginModeDeviceShowsTheCodeWaitsForItsApprovalAndStores) {
  int polls = 0;
  EXPECT_CALL(http_, Send(_)).WillRepeatedly(Invoke([&](HttpRequest const& request) {
    if (request.url == kDeviceUri) return Respond(200, kDeviceCodeJson);
    EXPECT_EQ(request.url, kTokenUri);
    if (++polls == 1) return Respond(428, R"({"error":"authorization_pending"})");
    return Respond(200, R"({"access_token": "ya29.device", "expires_in": 3599,
                            "refresh_token": "1//device", "token_type": "Bearer"})");
  }));
  auto const start = clock_.Now();
  EXPECT_EQ(Call({"login", "--mode", "device", "--client-secrets", Secrets()}), kExitOk)
      << err_.str();
  EXPECT_THAT(err_.str(), HasSubstr("To sign in, open https://www.google.com/device on any "
                                    "device and enter the code ABCD-EFGH\n"));
  EXPECT_THAT(err_.str(), HasSubstr("Waiting up to 30:00 for approval of the code ABCD-EFGH"));
  EXPECT_EQ(polls, 2);
  EXPECT_EQ(clock_.Now() - start, std::chrono::seconds(10));  // two 5 s pauses
  EXPECT_EQ(Stored().refresh_token, "1//device");
}

// Ctrl-C while the device code waits for approval: the pause ends at once, nothing is stored.
TEST_F(RunTest, LoginInterruptedByCtrlCStopsWaitingAndSaysSo) {
  int polls = 0;
  EXPECT_CALL(http_, Send(_)).WillRepeatedly(Invoke([&](HttpRequest const& request) {
    if (request.url == kDeviceUri) return Respond(200, kDeviceCodeJson);
    ++polls;
    raise(SIGINT);  // the person presses Ctrl-C; the handler runs before raise returns
    return Respond(428, R"({"error":"authorization_pending"})");
  }));
  auto const start = clock_.Now();
  EXPECT_EQ(Call({"login", "--mode", "device", "--client-secrets", Secrets()}), kExitError);
  EXPECT_THAT(err_.str(), HasSubstr("gauthflow login: cancelled: the sign-in was interrupted "
                                    "(cancelled while waiting for approval of the code "
                                    "ABCD-EFGH)"));
  EXPECT_EQ(polls, 1);
  EXPECT_LT(clock_.Now() - start, std::chrono::seconds(6));  // not the 30 min of the code
  EXPECT_FALSE(Poco::File(path_).exists());
}

TEST_F(RunTest, UsageAndHelp) {
  EXPECT_EQ(Call({}), kExitUsage);
  EXPECT_THAT(err_.str(), HasSubstr("Usage: gauthflow"));
  EXPECT_EQ(Call({"--help"}), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("Exit codes:"));
  EXPECT_EQ(Call({"token", "--format", "yaml"}), kExitUsage);
  // A value outside the flag's choices is the parser's error, like an unknown flag.
  EXPECT_THAT(err_.str(), HasSubstr("gauthflow: --format must be bare, header or json"));
  EXPECT_EQ(Call({"mockserver"}), kExitError);  // no binary beside a test program, no runner
}

TEST_F(RunTest, VersionNamesTheProgramTheVersionAndTheCommit) {
  EXPECT_EQ(Call({"--version"}), kExitOk);
  EXPECT_EQ(out_.str(), VersionText("gauthflow") + "\n");
  EXPECT_THAT(out_.str(), StartsWith("gauthflow " + std::string(VersionNumber())));
  out_.str("");
  EXPECT_EQ(Call({"status", "--version"}), kExitOk);  // anywhere on the line, like --help
  EXPECT_EQ(out_.str(), VersionText("gauthflow") + "\n");
}

}  // namespace
}  // namespace gauthflow::cli
