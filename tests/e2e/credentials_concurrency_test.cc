// The credentials file under real conditions, with the gauthflow and gauthflow-mockserver
// binaries as processes: many `token` runs refreshing one expired file, `revoke` then `status`,
// a revocation the file cannot know about, and sign-ins that start with no refresh token stored.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "e2e_support.h"
#include "gauthflow/cli/exit_codes.h"

namespace gauthflow::e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class CredentialsProcessTest : public CliFilesTest {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>();
    base_ = server_->base_url();
    ASSERT_THAT(base_, StartsWith("http://127.0.0.1:"));
  }
  std::vector<std::string> Args(std::vector<std::string> args) const {
    args.insert(args.end(), {"--endpoint-base", base_, "--credentials", credentials_});
    return args;
  }
  CliResult Cli(std::vector<std::string> args) { return RunCli(Args(std::move(args)), env_); }
  CliResult Login(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"login", "--client-secrets", secrets_, "--scripted-browser",
                                     "allow"};
    args.insert(args.end(), extra.begin(), extra.end());
    return Cli(args);
  }
  // The access token expires: on the server's clock, and in the file (what the CLI compares).
  void ExpireAccessToken() {
    AdvanceServerClock(base_, 3600);
    auto credentials = LoadCredentials(credentials_);
    credentials.expiry = std::chrono::system_clock::now() - std::chrono::seconds(1);
    ASSERT_TRUE(FileCredentialsStore(credentials_).Save(credentials));
  }
  std::vector<JournalEntry> Requests(std::string const& path, std::string const& grant = "") {
    std::vector<JournalEntry> found;
    for (auto const& entry : Journal(base_)) {
      if (entry.path != path) continue;
      if (!grant.empty() && (!entry.form.count("grant_type") || entry.form.at("grant_type") != grant)) {
        continue;
      }
      found.push_back(entry);
    }
    return found;
  }

  std::unique_ptr<ServerProcess> server_;
  std::string base_;
};

// 16 processes find the same expired file at once; the token endpoint answers slowly, so all of
// them are waiting while the first refresh is out. One refresh-grant request, one token.
TEST_F(CredentialsProcessTest, SixteenTokenProcessesOnAnExpiredFileRefreshOnce) {
  auto const login = Login();
  ASSERT_EQ(login.exit_code, cli::kExitOk) << login.err;
  ExpireAccessToken();
  Send("DELETE", base_ + "/__admin/journal");
  Admin(base_, "faults", R"({"path": "/token", "kind": "delay", "delay_ms": 300, "count": 16})");

  constexpr int kProcesses = 16;
  std::vector<std::unique_ptr<CliProcess>> processes;
  for (int i = 0; i < kProcesses; ++i) {
    processes.push_back(std::make_unique<CliProcess>(Args({"token"}), env_));
  }
  std::set<std::string> tokens;
  for (auto& process : processes) {
    auto const result = process->Finish();
    EXPECT_EQ(result.exit_code, cli::kExitOk) << result.err;
    EXPECT_THAT(result.out, StartsWith("ya29."));
    tokens.insert(result.out);
  }
  EXPECT_EQ(Requests("/token", "refresh_token").size(), 1u);
  EXPECT_EQ(tokens.size(), 1u);
  EXPECT_EQ(LoadCredentials(credentials_).access_token + "\n", *tokens.begin());
}

TEST_F(CredentialsProcessTest, RevokeThenStatusAndTokenSayLogInAgain) {
  ASSERT_EQ(Login().exit_code, cli::kExitOk);
  auto const revoke = Cli({"revoke"});
  ASSERT_EQ(revoke.exit_code, cli::kExitOk) << revoke.err;
  EXPECT_TRUE(Poco::File(credentials_).exists());  // the file stays, as documented
  for (auto const& args : {std::vector<std::string>{"status"}, {"status", "--offline"}, {"token"}}) {
    auto const result = Cli(args);
    EXPECT_EQ(result.exit_code, cli::kExitLoginNeeded) << args.back() << ": " << result.err;
    EXPECT_EQ(result.out, "");
    EXPECT_THAT(result.err, HasSubstr("revoked"));
  }
  // Signing in again brings a refresh token: none was stored, so consent is asked for.
  auto const again = Login();
  EXPECT_EQ(again.exit_code, cli::kExitOk) << again.err;
  EXPECT_TRUE(LoadCredentials(credentials_).refresh_token.has_value());
  EXPECT_EQ(Cli({"status"}).exit_code, cli::kExitOk);
}

// Revoked at the server behind the file's back: only the server can tell.
TEST_F(CredentialsProcessTest, StatusAsksTheServerAboutATokenThatLooksValid) {
  ASSERT_EQ(Login().exit_code, cli::kExitOk);
  auto const refresh_token = *LoadCredentials(credentials_).refresh_token;
  ASSERT_EQ(Send("POST", base_ + "/revoke?token=" + refresh_token).status, 200);
  auto const offline = Cli({"status", "--offline"});
  EXPECT_EQ(offline.exit_code, cli::kExitOk) << offline.err;
  EXPECT_THAT(offline.out, HasSubstr("not checked with the server"));
  auto const checked = Cli({"status"});
  EXPECT_EQ(checked.exit_code, cli::kExitLoginNeeded) << checked.err;
  EXPECT_THAT(checked.err, HasSubstr("log in again"));
  EXPECT_EQ(Requests("/tokeninfo").size(), 1u);
}

// The file deleted (or a second machine): the fake already has the user's offline consent and,
// as Google does, sends a refresh token again only with prompt=consent.
TEST_F(CredentialsProcessTest, LoginWithNoStoredRefreshTokenAsksForConsent) {
  ASSERT_EQ(Login().exit_code, cli::kExitOk);
  ASSERT_TRUE(LoadCredentials(credentials_).refresh_token.has_value());
  Poco::File(credentials_).remove();
  Send("DELETE", base_ + "/__admin/journal");

  auto const second = Login();
  ASSERT_EQ(second.exit_code, cli::kExitOk) << second.err;
  EXPECT_THAT(second.err, HasSubstr("asking Google for one (prompt=consent"));
  EXPECT_TRUE(LoadCredentials(credentials_).refresh_token.has_value());
  auto const authorizations = Requests("/o/oauth2/auth");
  ASSERT_FALSE(authorizations.empty());
  EXPECT_EQ(authorizations.front().query.at("prompt"), "consent");
  EXPECT_EQ(authorizations.front().query.at("access_type"), "offline");
  auto const token = Cli({"token"});
  EXPECT_EQ(token.exit_code, cli::kExitOk) << token.err;

  // With a refresh token stored for this client, no consent is forced.
  Send("DELETE", base_ + "/__admin/journal");
  ASSERT_EQ(Login().exit_code, cli::kExitOk);
  auto const third = Requests("/o/oauth2/auth");
  ASSERT_FALSE(third.empty());
  EXPECT_EQ(third.front().query.count("prompt"), 0u);
}

// prompt=none cannot be combined with consent: the server then sends no refresh token, and the
// file still serves its access token for the hour it lasts.
TEST_F(CredentialsProcessTest, ASignInWithoutARefreshTokenServesTheAccessTokenUntilItExpires) {
  ASSERT_EQ(Login().exit_code, cli::kExitOk);
  Poco::File(credentials_).remove();
  auto const login = Login({"--prompt", "none"});
  ASSERT_EQ(login.exit_code, cli::kExitOk) << login.err;
  EXPECT_THAT(login.err, HasSubstr("Google sent no refresh token"));
  auto const stored = LoadCredentials(credentials_);
  ASSERT_FALSE(stored.refresh_token.has_value());

  auto const token = Cli({"token"});
  EXPECT_EQ(token.exit_code, cli::kExitOk) << token.err;
  EXPECT_EQ(token.out, stored.access_token + "\n");
  auto const drive = Cli({"drive", "ls"});
  EXPECT_EQ(drive.exit_code, cli::kExitOk) << drive.err;
  auto const status = Cli({"status"});
  EXPECT_EQ(status.exit_code, cli::kExitOk) << status.err;
  EXPECT_THAT(status.out, HasSubstr("cannot be renewed"));

  ExpireAccessToken();
  auto const expired = Cli({"token"});
  EXPECT_EQ(expired.exit_code, cli::kExitLoginNeeded);
  EXPECT_THAT(expired.err, HasSubstr("cannot be renewed; log in again: gauthflow login"));
  EXPECT_TRUE(Requests("/token", "refresh_token").empty());
}

}  // namespace
}  // namespace gauthflow::e2e
