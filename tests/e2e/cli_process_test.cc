// The gauthflow binary against the gauthflow-mockserver binary, both real processes: every
// redirect mode and the error paths, asserted on exit codes, stdout and stderr.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "e2e_support.h"
#include "gauthflow/cli/exit_codes.h"
#include "gauthflow/browser/scripted_browser.h"

namespace gauthflow::e2e {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

class CliProcessTest : public CliFilesTest {
 protected:
  void StartServer(std::vector<std::string> args = {}) {
    server_ = std::make_unique<ServerProcess>(std::move(args));
    base_ = server_->base_url();
    ASSERT_THAT(base_, StartsWith("http://127.0.0.1:"));
  }
  // A fake whose only client registers `redirect_uris` (default users and files).
  void StartServerWithClient(std::string const& redirect_uris,
                             std::vector<std::string> more = {}) {
    auto const config = dir_.Write(
        "server.json", std::string(R"({"clients": [{"client_id": ")") + kDemoClientId +
                           R"(", "client_secret": ")" + kDemoClientSecret +
                           R"(", "type": "installed", "redirect_uris": )" + redirect_uris +
                           "}]}");
    more.push_back("--config=" + config);
    StartServer(std::move(more));
  }
  std::vector<std::string> Args(std::vector<std::string> args) const {
    args.insert(args.end(), {"--endpoint-base", base_, "--credentials", credentials_});
    return args;
  }
  std::vector<std::string> LoginArgs(std::vector<std::string> extra) const {
    std::vector<std::string> args = {"login", "--client-secrets", secrets_};
    args.insert(args.end(), extra.begin(), extra.end());
    return Args(args);
  }
  CliResult Login(std::vector<std::string> extra) { return RunCli(LoginArgs(extra), env_); }
  CliResult Cli(std::vector<std::string> args) { return RunCli(Args(args), env_); }
  CliResult LoginAllowing(std::vector<std::string> extra = {}) {
    extra.insert(extra.begin(), {"--scripted-browser", "allow"});
    return Login(extra);
  }
  void ExpectLoggedIn(CliResult const& result) {
    EXPECT_EQ(result.exit_code, cli::kExitOk) << result.err;
    EXPECT_THAT(result.err, HasSubstr("Signed in as alice@example.com."));
    EXPECT_THAT(result.err, HasSubstr("Credentials saved to " + credentials_));
    auto const credentials = LoadCredentials(credentials_);
    EXPECT_THAT(credentials.access_token, StartsWith("ya29."));
    EXPECT_TRUE(credentials.refresh_token.has_value());
    EXPECT_EQ(credentials.token_uri, base_ + "/token");
  }
  // The redirect_uri sent with the code exchange, as the fake's journal recorded it.
  std::string ExchangedRedirectUri() {
    for (auto const& entry : Journal(base_)) {
      if (entry.path == "/token" && entry.form.count("redirect_uri")) {
        return entry.form.at("redirect_uri");
      }
    }
    return "<none>";
  }
  // The test plays the person with a browser elsewhere: reads the URL the CLI printed, visits
  // it with the scripted browser, and returns where the visit ended.
  cli::BrowserVisit VisitPrintedUrl(CliProcess& process) {
    EXPECT_TRUE(process.err().WaitForLineWith("/o/oauth2/auth?")) << process.err().Text();
    auto const url = FirstUrl(process.err().Text());
    cli::ScriptedBrowser browser(TestHttp(), cli::BrowserScript{});
    auto visit = browser.Visit(url);
    EXPECT_TRUE(visit) << url;
    return visit ? *visit : cli::BrowserVisit{};
  }
  static std::string CodeFromTitle(std::string const& title) {
    auto const pos = title.find("code=");
    if (pos == std::string::npos) return {};
    return title.substr(pos + 5, title.find('&', pos) - pos - 5);
  }

  std::unique_ptr<ServerProcess> server_;
  std::string base_;
};

// --- every redirect mode ---------------------------------------------------------------------

TEST_F(CliProcessTest, SignInWithoutARefreshTokenKeepsTheStoredOne) {
  StartServer();
  ExpectLoggedIn(LoginAllowing());
  auto const before = LoadCredentials(credentials_);
  ASSERT_TRUE(before.refresh_token.has_value());
  // Google (and the fake) send a refresh token only at the first offline consent.
  auto again = LoginAllowing();
  EXPECT_EQ(again.exit_code, cli::kExitOk) << again.err;
  EXPECT_THAT(again.err, HasSubstr("Google sent no refresh token"));
  EXPECT_THAT(again.err, HasSubstr("Kept the stored credentials at " + credentials_));
  auto const kept = LoadCredentials(credentials_);
  EXPECT_EQ(kept.refresh_token, before.refresh_token);
  EXPECT_EQ(kept.access_token, before.access_token);
  // --prompt consent brings a new refresh token, which replaces the stored credentials.
  ExpectLoggedIn(LoginAllowing({"--prompt", "consent"}));
  auto const replaced = LoadCredentials(credentials_);
  ASSERT_TRUE(replaced.refresh_token.has_value());
  EXPECT_NE(replaced.refresh_token, before.refresh_token);
}

TEST_F(CliProcessTest, LoopbackOn127001EphemeralPortThenTokenStatusDrive) {
  StartServer();
  auto login = LoginAllowing();
  ExpectLoggedIn(login);
  EXPECT_THAT(ExchangedRedirectUri(), ::testing::MatchesRegex(R"(http://127\.0\.0\.1:[0-9]+/)"));
  EXPECT_THAT(login.out, ::testing::IsEmpty());

  auto token = Cli({"token"});
  EXPECT_EQ(token.exit_code, cli::kExitOk) << token.err;
  EXPECT_EQ(token.out, LoadCredentials(credentials_).access_token + "\n");
  auto header = Cli({"token", "--format", "header"});
  EXPECT_THAT(header.out, StartsWith("Authorization: Bearer ya29."));

  auto status = Cli({"status"});
  EXPECT_EQ(status.exit_code, cli::kExitOk) << status.err;
  EXPECT_THAT(status.out, HasSubstr("Refresh token: stored"));

  auto info = Cli({"info"});
  EXPECT_EQ(info.exit_code, cli::kExitOk) << info.err;
  EXPECT_THAT(info.out, HasSubstr("email: alice@example.com"));
  EXPECT_THAT(info.out, HasSubstr("azp: gauthflow-demo.apps.googleusercontent.com"));

  auto drive = Cli({"drive", "ls"});
  EXPECT_EQ(drive.exit_code, cli::kExitOk) << drive.err;
  // The five default files, most recently modified by the user first.
  EXPECT_THAT(drive.out, ::testing::ContainsRegex(
                             "MODIFIED +NAME +TYPE +ID\n2024-04-02T07:45:00.000Z +notes.txt"));
  EXPECT_EQ(std::count(drive.out.begin(), drive.out.end(), '\n'), 6);
  auto const lists = Journal(base_);
  auto const list = std::find_if(lists.begin(), lists.end(), [](JournalEntry const& entry) {
    return entry.path == "/drive/v3/files";
  });
  ASSERT_NE(list, lists.end());
  EXPECT_EQ(list->query.at("orderBy"), "modifiedByMeTime desc");
  EXPECT_EQ(list->query.at("pageSize"), "5");
}

// The dynamic loader's own account (LD_DEBUG=files, on stderr) of every library a run loads.
// A dependency appears as "file=NAME [0];  needed by ...", a dlopen()ed module by its path.
bool LoadsLibrary(CliResult const& run, std::string const& soname) {
  for (std::size_t at = run.err.find("file="); at != std::string::npos;
       at = run.err.find("file=", at + 1)) {
    auto const end = run.err.find_first_of(" \n", at);
    auto const file = run.err.substr(at + 5, end - at - 5);
    if (file == soname || file.ends_with("/" + soname)) return true;
  }
  return false;
}

// Commands that make no connection do not load Poco Net (nor TLS): the HTTP client and the
// listener come from libgauthflow_net.so, loaded by the first request (net_module.h); and one
// that does connect loads it then.
TEST_F(CliProcessTest, PocoNetIsLoadedOnlyByACommandThatConnects) {
  StartServer();
  ExpectLoggedIn(LoginAllowing());
  std::map<std::string, std::string> traced = env_;
  traced["LD_DEBUG"] = "files";
  for (auto const& args : std::vector<std::vector<std::string>>{{"token"}, {"--version"}}) {
    auto const run = RunCli(Args(args), traced);
    EXPECT_EQ(run.exit_code, cli::kExitOk) << args[0] << ": " << run.err;
    EXPECT_TRUE(LoadsLibrary(run, "libPocoFoundation.so.80")) << args[0] << ": " << run.err;
    EXPECT_FALSE(LoadsLibrary(run, "libPocoNet.so.80")) << args[0];
    EXPECT_FALSE(LoadsLibrary(run, "libgauthflow_net.so")) << args[0];
    EXPECT_FALSE(LoadsLibrary(run, "libssl.so.3")) << args[0];
  }
  auto const drive = RunCli(Args({"drive", "ls"}), traced);
  EXPECT_EQ(drive.exit_code, cli::kExitOk) << drive.err;
  EXPECT_TRUE(LoadsLibrary(drive, "libPocoNet.so.80"));
}

TEST_F(CliProcessTest, LocalhostWithAFixedPort) {
  StartServer();
  int const port = FreePort();
  auto login = LoginAllowing({"--host", "localhost", "--port", std::to_string(port)});
  ExpectLoggedIn(login);
  EXPECT_EQ(ExchangedRedirectUri(), "http://localhost:" + std::to_string(port) + "/");
}

TEST_F(CliProcessTest, Ipv6Loopback) {
  if (!HasIpv6Loopback()) GTEST_SKIP() << "no IPv6 loopback on this machine";
  StartServerWithClient(R"(["http://[::1]"])");
  auto login = LoginAllowing({"--host", "::1"});
  ExpectLoggedIn(login);
  EXPECT_THAT(ExchangedRedirectUri(), ::testing::MatchesRegex(R"(http://\[::1\]:[0-9]+/)"));
}

TEST_F(CliProcessTest, TrailingSlashOff) {
  StartServer();
  auto login = LoginAllowing({"--no-trailing-slash"});
  ExpectLoggedIn(login);
  EXPECT_THAT(ExchangedRedirectUri(), ::testing::MatchesRegex(R"(http://127\.0\.0\.1:[0-9]+)"));
}

TEST_F(CliProcessTest, OobWithTheCodePastedOnStdin) {
  StartServer();
  CliProcess process(LoginArgs({"--mode", "oob", "--no-browser"}), env_);
  auto const visit = VisitPrintedUrl(process);
  ASSERT_THAT(visit.title, StartsWith("Success code=4/0A"));
  ASSERT_TRUE(process.err().WaitFor("Enter the authorization code:"));
  process.WriteLine(CodeFromTitle(visit.title));
  auto const result = process.Finish();
  ExpectLoggedIn(result);
  EXPECT_EQ(ExchangedRedirectUri(), "urn:ietf:wg:oauth:2.0:oob");
}

TEST_F(CliProcessTest, OobAutoReadsTheCodeFromThePageTitle) {
  StartServer();
  auto login = LoginAllowing({"--mode", "oob-auto"});
  ExpectLoggedIn(login);
  EXPECT_EQ(ExchangedRedirectUri(), "urn:ietf:wg:oauth:2.0:oob:auto");
}

TEST_F(CliProcessTest, PasteTheRedirectUrl) {
  StartServer();
  int const port = FreePort();  // nothing listens there, as on the other machine
  CliProcess process(LoginArgs({"--mode", "paste", "--port", std::to_string(port)}), env_);
  auto const visit = VisitPrintedUrl(process);
  ASSERT_TRUE(visit.load_error.has_value()) << "nothing should answer on port " << port;
  ASSERT_THAT(visit.address,
              StartsWith("http://127.0.0.1:" + std::to_string(port) + "/?state="));
  ASSERT_TRUE(process.err().WaitFor("Paste the full redirect URL:"));
  process.WriteLine(visit.address);
  ExpectLoggedIn(process.Finish());
}

TEST_F(CliProcessTest, DeviceFlowApprovedThroughTheAdminApi) {
  StartServer();
  CliProcess process(LoginArgs({"--mode", "device", "--scopes", "openid,email,drive.file"}), env_);
  // The wait line comes after the code's line.
  ASSERT_TRUE(process.err().WaitForLineWith("Waiting up to")) << process.err().Text();
  std::smatch match;
  auto const err = process.err().Text();
  ASSERT_TRUE(std::regex_search(err, match, std::regex("enter the code ([A-Z]{4}-[A-Z]{4})")));
  EXPECT_THAT(err, HasSubstr("open " + base_ + "/device on any device"));
  Admin(base_, "devices/approve", R"({"user_code": ")" + match[1].str() + R"("})");
  ExpectLoggedIn(process.Finish());
}

// --- error paths -----------------------------------------------------------------------------

TEST_F(CliProcessTest, UserDenies) {
  StartServer();
  auto login = Login({"--scripted-browser", "deny"});
  EXPECT_EQ(login.exit_code, cli::kExitAccessDenied);
  EXPECT_THAT(login.err, HasSubstr("gauthflow login: access_denied: the sign-in was denied"));
  EXPECT_THAT(login.err, HasSubstr("choose Allow"));
  EXPECT_FALSE(Poco::File(credentials_).exists());
}

TEST_F(CliProcessTest, TamperedStateIsRefused) {
  StartServer();
  CliProcess process(LoginArgs({"--mode", "paste", "--port", std::to_string(FreePort())}), env_);
  auto visit = VisitPrintedUrl(process);
  auto tampered = std::regex_replace(visit.address, std::regex("state=[^&]+"), "state=forged");
  ASSERT_NE(tampered, visit.address);
  ASSERT_TRUE(process.err().WaitFor("Paste the full redirect URL:"));
  process.WriteLine(tampered);
  auto const result = process.Finish();
  EXPECT_EQ(result.exit_code, cli::kExitAuthorizationFailed) << result.err;
  EXPECT_THAT(result.err, HasSubstr("state_mismatch"));
  EXPECT_THAT(result.err, HasSubstr("does not belong to this sign-in"));
  EXPECT_THAT(StatusesOf(base_, "/token"), ::testing::IsEmpty());  // never exchanged
}

TEST_F(CliProcessTest, ExpiredCodeIsRejected) {
  StartServer();
  CliProcess process(LoginArgs({"--mode", "paste", "--port", std::to_string(FreePort())}), env_);
  auto visit = VisitPrintedUrl(process);
  AdvanceServerClock(base_, 11 * 60);  // codes live 10 minutes
  ASSERT_TRUE(process.err().WaitFor("Paste the full redirect URL:"));
  process.WriteLine(visit.address);
  auto const result = process.Finish();
  EXPECT_EQ(result.exit_code, cli::kExitAuthorizationFailed) << result.err;
  EXPECT_THAT(result.err, HasSubstr("invalid_grant"));
  EXPECT_THAT(result.err, HasSubstr("Bad Request"));
  EXPECT_THAT(result.err, HasSubstr("run gauthflow login again"));
}

TEST_F(CliProcessTest, NoCallbackBeforeTheTimeout) {
  StartServer();
  auto login = Login({"--no-browser", "--timeout", "1"});
  EXPECT_EQ(login.exit_code, cli::kExitTimeout);
  EXPECT_THAT(login.err, HasSubstr("timed out after 1 s waiting for the sign-in"));
  EXPECT_THAT(login.err, HasSubstr("raise --timeout"));
}

TEST_F(CliProcessTest, PortAlreadyTaken) {
  StartServer();
  Poco::Net::ServerSocket taken(Poco::Net::SocketAddress("127.0.0.1", 0));
  auto login = LoginAllowing({"--port", std::to_string(taken.address().port())});
  EXPECT_EQ(login.exit_code, cli::kExitError);
  EXPECT_THAT(login.err, HasSubstr("port_in_use"));
  EXPECT_THAT(login.err, HasSubstr("use --port 0"));
}

TEST_F(CliProcessTest, RedirectUriNotRegistered) {
  // A loopback host and port may differ from the registered URI, the path may not.
  StartServerWithClient(R"(["http://127.0.0.1/oauth2callback"])");
  auto login = LoginAllowing({"--host", "localhost"});
  EXPECT_EQ(login.exit_code, cli::kExitClientRejected);
  EXPECT_THAT(login.err, HasSubstr("redirect_uri_mismatch: the redirect URI \"http://localhost:"));
  EXPECT_THAT(login.err, HasSubstr("127.0.0.1 and localhost are different hosts"));
  EXPECT_THAT(login.err, HasSubstr("trailing slash"));
}

TEST_F(CliProcessTest, UnknownClient) {
  StartServer();
  auto const other = dir_.Write("other.json", ClientSecretsJson("nobody.apps.googleusercontent.com",
                                                                "GOCSPX-x"));
  auto login = RunCli(Args({"login", "--client-secrets", other, "--scripted-browser", "allow"}),
                      env_);
  EXPECT_EQ(login.exit_code, cli::kExitClientRejected);
  EXPECT_THAT(login.err, HasSubstr("invalid_client"));
  EXPECT_THAT(login.err, HasSubstr("The OAuth client was not found."));
  EXPECT_THAT(login.err, HasSubstr("check --client-secrets"));
}

TEST_F(CliProcessTest, TwoServiceUnavailableThenSuccess) {
  StartServer();
  ArmFault(base_, "/token", 503, 2);
  ExpectLoggedIn(LoginAllowing());
  EXPECT_THAT(StatusesOf(base_, "/token"), ElementsAre(503, 503, 200));
}

TEST_F(CliProcessTest, ThreeServiceUnavailableIsAClearError) {
  StartServer();
  ArmFault(base_, "/token", 503, 3);
  auto login = LoginAllowing();
  EXPECT_EQ(login.exit_code, cli::kExitUnavailable);
  EXPECT_THAT(login.err, HasSubstr("server_error"));
  EXPECT_THAT(login.err, HasSubstr("gave up after 3 attempts"));
  EXPECT_THAT(login.err, HasSubstr("try again later"));
  EXPECT_THAT(StatusesOf(base_, "/token"), ElementsAre(503, 503, 503));
}

// Time passes on both sides: the fake's clock moves past the token's hour, and the stored
// expiry (what the CLI's clock compares against) is moved back by as much.
void AgeCredentials(std::string const& path) {
  auto credentials = LoadCredentials(path);
  credentials.expiry = std::chrono::system_clock::now() - std::chrono::seconds(1);
  ASSERT_TRUE(FileCredentialsStore(path).Save(credentials));
}

TEST_F(CliProcessTest, ExpiredAccessTokenIsRefreshedByToken) {
  StartServer();
  ExpectLoggedIn(LoginAllowing());
  auto const before = LoadCredentials(credentials_);
  AdvanceServerClock(base_, 3600);
  AgeCredentials(credentials_);

  auto token = Cli({"token"});
  EXPECT_EQ(token.exit_code, cli::kExitOk) << token.err;
  EXPECT_THAT(token.out, StartsWith("ya29."));
  EXPECT_NE(token.out, before.access_token + "\n");
  auto const after = LoadCredentials(credentials_);  // saved for the next run
  EXPECT_EQ(token.out, after.access_token + "\n");
  EXPECT_EQ(after.refresh_token, before.refresh_token);
  bool refreshed = false;
  for (auto const& entry : Journal(base_)) {
    refreshed |= entry.path == "/token" && entry.form.count("grant_type") && entry.form.at("grant_type") == "refresh_token";
  }
  EXPECT_TRUE(refreshed);
  // The new token works where the old one no longer does.
  auto drive = Cli({"drive", "ls"});
  EXPECT_EQ(drive.exit_code, cli::kExitOk) << drive.err;
}

TEST_F(CliProcessTest, RevokedRefreshTokenSaysLogInAgain) {
  StartServer();
  ExpectLoggedIn(LoginAllowing());
  auto const credentials = LoadCredentials(credentials_);
  auto revoked = Send("POST", base_ + "/revoke?token=" + *credentials.refresh_token);
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  AgeCredentials(credentials_);

  auto token = Cli({"token"});
  EXPECT_EQ(token.exit_code, cli::kExitLoginNeeded);
  EXPECT_THAT(token.err, HasSubstr("Token has been expired or revoked."));
  EXPECT_THAT(token.err, HasSubstr("log in again: gauthflow login"));
  EXPECT_EQ(Cli({"status"}).exit_code, cli::kExitLoginNeeded);
}

TEST_F(CliProcessTest, StatusWithoutCredentialsNeedsLogin) {
  StartServer();
  auto status = Cli({"status"});
  EXPECT_EQ(status.exit_code, cli::kExitLoginNeeded);
  EXPECT_THAT(status.err, HasSubstr("not logged in: no credentials at " + credentials_));
}

TEST_F(CliProcessTest, DriveForbiddenWithoutADriveScope) {
  StartServer();
  ExpectLoggedIn(LoginAllowing({"--scopes", "openid email"}));
  auto drive = Cli({"drive", "ls"});
  EXPECT_EQ(drive.exit_code, cli::kExitAccessDenied);
  EXPECT_THAT(drive.err, HasSubstr("HTTP 403"));
  EXPECT_THAT(drive.err, HasSubstr("insufficient"));
  EXPECT_THAT(drive.err, HasSubstr("gauthflow login --scopes drive.metadata.readonly"));
}

TEST_F(CliProcessTest, DriveLsAllFollowsEveryPage) {
  StartServer({"--generate-files=23"});
  ExpectLoggedIn(LoginAllowing());
  auto drive = Cli({"drive", "ls", "--all", "--page-size", "7", "--format", "json"});
  ASSERT_EQ(drive.exit_code, cli::kExitOk) << drive.err;
  auto const files = Json(drive.out)->getArray("files");
  ASSERT_TRUE(files);
  EXPECT_EQ(files->size(), 28u);  // 5 default + 23 generated
  EXPECT_THAT(StatusesOf(base_, "/drive/v3/files"), ElementsAre(200, 200, 200, 200));
  EXPECT_FALSE(Json(drive.out)->has("nextPageToken"));
}

TEST_F(CliProcessTest, OobBlockedSuggestsLoopback) {
  StartServer({"--oob-blocked"});
  for (auto const* mode : {"oob", "oob-auto"}) {
    auto login = LoginAllowing({"--mode", mode});
    EXPECT_EQ(login.exit_code, cli::kExitClientRejected) << mode;
    EXPECT_THAT(login.err, HasSubstr("Google blocked the out-of-band (OOB) flow")) << mode;
    EXPECT_THAT(login.err, HasSubstr("Error 400: invalid_request")) << mode;
    EXPECT_THAT(login.err, HasSubstr("use --mode loopback")) << mode;
  }
}

TEST_F(CliProcessTest, LogoutRevokesAndDeletes) {
  StartServer();
  ExpectLoggedIn(LoginAllowing());
  auto logout = Cli({"logout"});
  EXPECT_EQ(logout.exit_code, cli::kExitOk) << logout.err;
  EXPECT_THAT(logout.err, HasSubstr("Revoked the refresh token."));
  EXPECT_FALSE(Poco::File(credentials_).exists());
  EXPECT_THAT(StatusesOf(base_, "/revoke"), ElementsAre(200));
}

TEST_F(CliProcessTest, VerboseLogRedactsSecrets) {
  StartServer();
  auto login = LoginAllowing({"-v"});
  ExpectLoggedIn(login);
  auto const credentials = LoadCredentials(credentials_);
  EXPECT_THAT(login.err, HasSubstr("> POST " + base_ + "/token"));
  EXPECT_THAT(login.err, HasSubstr("code_verifier=REDACTED"));
  EXPECT_THAT(login.err, HasSubstr("\"access_token\":\"REDACTED\""));
  EXPECT_THAT(login.err, Not(HasSubstr(credentials.access_token)));
  EXPECT_THAT(login.err, Not(HasSubstr(*credentials.refresh_token)));
  EXPECT_THAT(login.err, Not(HasSubstr(kDemoClientSecret)));
}

TEST_F(CliProcessTest, DemoShowsTheFiveFiles) {
  auto demo = RunCli({"demo"}, env_);
  EXPECT_EQ(demo.exit_code, cli::kExitOk) << demo.err;
  EXPECT_THAT(demo.out, HasSubstr("notes.txt"));
  EXPECT_THAT(demo.out, HasSubstr("holiday.jpg"));
  EXPECT_EQ(std::count(demo.out.begin(), demo.out.end(), '\n'), 6);
  EXPECT_THAT(demo.err, HasSubstr("Signed in as alice@example.com."));
}

TEST_F(CliProcessTest, UsageErrorsExit2) {
  auto bad = RunCli({"login", "--mode", "carrier-pigeon"}, env_);
  EXPECT_EQ(bad.exit_code, cli::kExitUsage);
  EXPECT_THAT(bad.err, HasSubstr("--mode must be loopback, oob, oob-auto, paste or device"));
  auto help = RunCli({"drive", "ls", "--help"}, env_);
  EXPECT_EQ(help.exit_code, cli::kExitOk);
  EXPECT_THAT(help.out, HasSubstr("--page-size N"));
}

}  // namespace
}  // namespace gauthflow::e2e
