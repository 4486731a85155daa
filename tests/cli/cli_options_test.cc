#include "gauthflow/cli/options.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

namespace gauthflow::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Environment Env(std::map<std::string, std::string> vars) {
  return [vars](std::string const& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

CommandLine Line(std::vector<std::string> args) {
  auto line = ParseCommandLine(args);
  EXPECT_TRUE(line) << line.error().message;
  return line ? *line : CommandLine{};
}

TEST(ParseLoginOptions, Defaults) {
  auto options = ParseLoginOptions(Line({"login", "--client-secrets", "c.json"}), Env({}));
  ASSERT_TRUE(options) << options.error().message;
  EXPECT_EQ(options->client_secrets, "c.json");
  EXPECT_THAT(options->scopes, ElementsAre("openid", "email", "drive.metadata.readonly"));
  EXPECT_EQ(options->redirect.mode, LoginMode::kLoopback);
  EXPECT_EQ(options->redirect.loopback.host, "127.0.0.1");
  EXPECT_EQ(options->redirect.loopback.port, 0);
  EXPECT_TRUE(options->redirect.loopback.trailing_slash);
  EXPECT_EQ(options->redirect.timeout, std::chrono::seconds(300));
  EXPECT_TRUE(options->open_browser);
  EXPECT_FALSE(options->scripted_browser.has_value());
}

TEST(ParseLoginOptions, ClientSecretsFromTheEnvironment) {
  auto options = ParseLoginOptions(Line({"login"}), Env({{kEnvClientSecrets, "/e.json"}}));
  ASSERT_TRUE(options);
  EXPECT_EQ(options->client_secrets, "/e.json");
  auto missing = ParseLoginOptions(Line({"login"}), Env({}));
  ASSERT_FALSE(missing);
  EXPECT_THAT(missing.error().message, HasSubstr("--client-secrets FILE"));
}

TEST(ParseLoginOptions, EveryFlag) {
  auto options = ParseLoginOptions(
      Line({"login", "--client-secrets", "c", "--scopes", "openid, drive.file", "--scopes",
            "https://www.googleapis.com/auth/drive openid", "--mode", "loopback", "--host", "::1",
            "--port", "8085", "--no-trailing-slash", "--timeout", "30", "--login-hint",
            "a@example.com", "--prompt", "consent", "--scripted-browser", "allow:a@example.com"}),
      Env({}));
  ASSERT_TRUE(options) << options.error().message;
  EXPECT_THAT(options->scopes,
              ElementsAre("openid", "drive.file", "https://www.googleapis.com/auth/drive"));
  EXPECT_EQ(options->redirect.loopback.host, "[::1]");
  EXPECT_EQ(options->redirect.loopback.port, 8085);
  EXPECT_FALSE(options->redirect.loopback.trailing_slash);
  EXPECT_EQ(options->redirect.timeout, std::chrono::seconds(30));
  EXPECT_EQ(options->login_hint, "a@example.com");
  EXPECT_EQ(options->prompt, "consent");
  ASSERT_TRUE(options->scripted_browser);
  EXPECT_TRUE(options->scripted_browser->allow);
  EXPECT_EQ(options->scripted_browser->account, "a@example.com");
}

TEST(ParseLoginOptions, PasteModeNeedsAFixedPort) {
  auto options = ParseLoginOptions(Line({"login", "--client-secrets", "c", "--mode", "paste"}),
                                   Env({}));
  ASSERT_TRUE(options);
  EXPECT_EQ(options->redirect.mode, LoginMode::kPaste);
  EXPECT_EQ(options->redirect.loopback.port, kDefaultPastePort);
}

// --host is judged by core's ValidateLoopbackRedirect, the check the listener uses: the two
// cannot disagree (127.0.0.2 is loopback, but no redirect Google matches).
TEST(ParseLoginOptions, HostIsJudgedByTheListenersOwnCheck) {
  auto const host = [](std::string value) {
    auto options = ParseLoginOptions(
        Line({"login", "--client-secrets", "c", "--host", std::move(value)}), Env({}));
    return options ? options->redirect.loopback.host : "<refused>";
  };
  EXPECT_EQ(host("LOCALHOST"), "localhost");
  EXPECT_EQ(host("[::1]"), "[::1]");
  EXPECT_EQ(host("::1"), "[::1]");
  EXPECT_EQ(host("127.0.0.2"), "<refused>");
  EXPECT_EQ(LoopbackRedirectUri(LoopbackRedirect{host("LOCALHOST"), 8080}, 8080).value(),
            "http://localhost:8080/");
}

TEST(ParseLoginOptions, RejectsBadValues) {
  auto const error = [](std::vector<std::string> args) {
    args.insert(args.begin(), {"login", "--client-secrets", "c"});
    auto options = ParseLoginOptions(Line(args), Env({}));
    return options ? std::string("<accepted>") : options.error().message;
  };
  EXPECT_THAT(error({"--host", "0.0.0.0"}), HasSubstr("RFC 8252"));
  EXPECT_THAT(error({"--port", "65536"}), HasSubstr("--port must be between 0 and 65535"));
  EXPECT_THAT(error({"--port", "80x"}), HasSubstr("whole number"));
  EXPECT_THAT(error({"--timeout", "0"}), HasSubstr("--timeout must be between 1"));
  // Values outside a flag's choices (--mode smoke) are the parser's: cli_docs_test.cc.
  EXPECT_THAT(error({"--prompt", "none consent"}), HasSubstr("--prompt none cannot be combined"));
  EXPECT_THAT(error({"--scripted-browser", "maybe"}), HasSubstr("allow, allow:EMAIL or deny"));
  EXPECT_THAT(error({"--scripted-browser", "deny", "--no-browser"}), HasSubstr("exclude"));
  EXPECT_THAT(error({"--mode", "device", "--port", "1"}), HasSubstr("apply to --mode loopback"));
  EXPECT_THAT(error({"--scopes", " , "}), HasSubstr("--scopes is empty"));
}

TEST(ParseGlobalOptions, CredentialsPathFollowsXdg) {
  EXPECT_EQ(ParseGlobalOptions(Line({"status"}), Env({{"XDG_CONFIG_HOME", "/x"}, {"HOME", "/h"}}))
                ->credentials_path,
            "/x/gauthflow/credentials.json");
  EXPECT_EQ(ParseGlobalOptions(Line({"status"}), Env({{"XDG_CONFIG_HOME", "rel"}, {"HOME", "/h"}}))
                ->credentials_path,
            "/h/.config/gauthflow/credentials.json");
  EXPECT_EQ(ParseGlobalOptions(Line({"status"}), Env({{kEnvCredentials, "/c.json"}}))
                ->credentials_path,
            "/c.json");
  EXPECT_EQ(ParseGlobalOptions(Line({"status", "--credentials", "/f"}), Env({}))->credentials_path,
            "/f");
  EXPECT_EQ(ParseGlobalOptions(Line({"status"}), Env({}))->credentials_path, "");
}

TEST(ParseGlobalOptions, EndpointBaseAndInsecureLoopback) {
  auto from_env = ParseGlobalOptions(Line({"status"}),
                                     Env({{kEnvEndpointBase, "http://127.0.0.1:9"}}));
  ASSERT_TRUE(from_env);
  EXPECT_EQ(from_env->endpoint_base, "http://127.0.0.1:9");
  EXPECT_FALSE(from_env->allow_insecure_transport);
  EXPECT_THAT(ParseGlobalOptions(Line({"status", "--endpoint-base", "ftp://x"}), Env({}))
                  .error()
                  .message,
              HasSubstr("--endpoint-base"));
  EXPECT_THAT(
      ParseGlobalOptions(Line({"status", "--allow-insecure-loopback"}), Env({})).error().message,
      HasSubstr("only applies to the --endpoint-base server"));
  EXPECT_TRUE(ParseGlobalOptions(Line({"status", "--allow-insecure-loopback", "--endpoint-base",
                                       "http://mock:8080"}),
                                 Env({}))
                  ->allow_insecure_transport);
}

TEST(ParseGlobalOptions, RetryDelayForTests) {
  EXPECT_EQ(ParseGlobalOptions(Line({"token"}), Env({{kEnvRetryDelayMs, "5"}}))
                ->retry_initial_delay,
            std::chrono::milliseconds(5));
  EXPECT_FALSE(ParseGlobalOptions(Line({"token"}), Env({{kEnvRetryDelayMs, "soon"}})));
}

TEST(ParseGlobalOptions, HttpTimeoutIsTheDeadlineOfEachExchange) {
  EXPECT_EQ(ParseGlobalOptions(Line({"token"}), Env({}))->http_timeout, std::chrono::seconds(60));
  EXPECT_EQ(ParseGlobalOptions(Line({"--http-timeout", "5", "token"}), Env({}))->http_timeout,
            std::chrono::seconds(5));
  EXPECT_EQ(ParseGlobalOptions(Line({"login", "--http-timeout=3600", "--timeout", "30"}), Env({}))
                ->http_timeout,
            std::chrono::seconds(3600));
  for (std::string const bad : {"0", "3601", "-1", "1.5", "soon", ""}) {
    auto options = ParseGlobalOptions(Line({"token", "--http-timeout", bad}), Env({}));
    ASSERT_FALSE(options) << bad;
    EXPECT_EQ(options.error().code, ErrorCode::kInvalidArgument);
    EXPECT_THAT(options.error().message, HasSubstr("--http-timeout must be")) << bad;
  }
  EXPECT_THAT(ParseGlobalOptions(Line({"token", "--http-timeout", "0"}), Env({})).error().message,
              HasSubstr("between 1 and 3600"));
}

TEST(ParseDriveLsOptions, TheSeedsDefaults) {
  auto options = ParseDriveLsOptions(Line({"drive", "ls"}));
  ASSERT_TRUE(options);
  EXPECT_EQ(options->request.order_by, "modifiedByMeTime desc");
  EXPECT_EQ(options->request.page_size, 5);
  EXPECT_EQ(options->request.fields, "nextPageToken,files(id,name,mimeType,modifiedTime)");
  EXPECT_FALSE(options->all);
  EXPECT_FALSE(options->json);
}

TEST(ParseDriveLsOptions, AllNeedsNextPageTokenInFields) {
  auto options = ParseDriveLsOptions(
      Line({"drive", "ls", "--all", "--fields", "files(id)", "--format", "json", "--query",
            "trashed = false", "--order-by", "name", "--page-size", "1000"}));
  ASSERT_TRUE(options) << options.error().message;
  EXPECT_EQ(options->request.fields, "nextPageToken,files(id)");
  EXPECT_TRUE(options->json);
  EXPECT_EQ(options->request.query, "trashed = false");
  EXPECT_EQ(options->request.order_by, "name");
  EXPECT_EQ(options->request.page_size, 1000);
  EXPECT_FALSE(ParseDriveLsOptions(Line({"drive", "ls", "--page-size", "0"})));
  EXPECT_FALSE(ParseCommandLine({"drive", "ls", "--format", "csv"}));  // not a choice
}

TEST(ParseTokenOptions, Formats) {
  EXPECT_EQ(ParseTokenOptions(Line({"token"}))->format, TokenFormat::kBare);
  EXPECT_EQ(ParseTokenOptions(Line({"token", "--format", "header"}))->format,
            TokenFormat::kHeader);
  EXPECT_EQ(ParseTokenOptions(Line({"token", "--format", "json"}))->format, TokenFormat::kJson);
  EXPECT_FALSE(ParseCommandLine({"token", "--format", "xml"}));  // not a choice
}

}  // namespace
}  // namespace gauthflow::cli
