// The standalone binary, started as a process on port 0.
#include <fstream>

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/TemporaryFile.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_support.h"

namespace gauthflow::mockserver::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// A running gauthflow-mockserver; terminated (SIGINT, as Ctrl-C) and reaped on destruction.
class ServerProcess {
 public:
  explicit ServerProcess(std::vector<std::string> args)
      : handle_(Poco::Process::launch(GAUTHFLOW_MOCKSERVER_BINARY, args, nullptr, &out_pipe_, nullptr)),
        out_(out_pipe_) {
    std::getline(out_, first_line_);
  }
  ~ServerProcess() {
    if (!stopped_) Stop();
  }
  std::string const& first_line() const { return first_line_; }
  std::string RestOfOutput(int lines) {
    std::string out, line;
    for (int i = 0; i < lines && std::getline(out_, line); ++i) out += line + "\n";
    return out;
  }
  int Stop() {
    stopped_ = true;
    try {
      Poco::Process::requestTermination(handle_.id());
    } catch (Poco::Exception const&) {
      // Already exited (e.g. on a configuration error).
    }
    return handle_.wait();
  }

 private:
  Poco::Pipe out_pipe_;
  Poco::ProcessHandle handle_;
  Poco::PipeInputStream out_;
  std::string first_line_;
  bool stopped_ = false;
};

TEST(Binary, StartsOnPort0AndAnswersDiscoveryAndAdmin) {
  ServerProcess process({"--port", "0"});
  std::string base = process.first_line();
  ASSERT_THAT(base, StartsWith("http://127.0.0.1:"));
  EXPECT_THAT(process.RestOfOutput(2), HasSubstr("client: gauthflow-demo.apps.googleusercontent.com"));

  HttpResult discovery = Get(base, "/.well-known/openid-configuration");
  ASSERT_EQ(discovery.status, 200);
  EXPECT_EQ(discovery.Field("token_endpoint"), base + "/token");
  HttpResult clock = Get(base, "/__admin/clock");
  EXPECT_EQ(clock.status, 200);
  EXPECT_NE(clock.Field("epoch_seconds"), "<absent>");
  EXPECT_EQ(Get(base, "/__admin/journal").status, 200);
}

TEST(Binary, ConfigFileAndAutoApprove) {
  Poco::TemporaryFile file;
  {
    std::ofstream out(file.path());
    out << R"({"clients":[{"client_id":"ci.apps.googleusercontent.com","client_secret":"ci-secret",
               "type":"installed","redirect_uris":["http://127.0.0.1"]}],
               "users":[{"email":"ci@example.com","name":"CI Bot"}]})";
  }
  ServerProcess process({"--port=0", "--config=" + file.path(), "--auto-approve"});
  std::string base = process.first_line();
  ASSERT_THAT(base, StartsWith("http://"));
  HttpResult answer = Get(base, "/o/oauth2/v2/auth?client_id=ci.apps.googleusercontent.com"
                                "&redirect_uri=http://127.0.0.1:5555/&response_type=code&scope=email");
  ASSERT_EQ(answer.status, 302) << answer.body;
  std::string code = QueryParam(answer.Header("Location"), "code");
  HttpResult tokens = PostForm(base, "/token", {{"grant_type", "authorization_code"}, {"code", code},
                                                {"redirect_uri", "http://127.0.0.1:5555/"},
                                                {"client_id", "ci.apps.googleusercontent.com"},
                                                {"client_secret", "ci-secret"}});
  EXPECT_EQ(tokens.status, 200) << tokens.body;
  EXPECT_EQ(process.Stop(), 0);
}

TEST(Binary, BadConfigFailsWithAMessage) {
  Poco::TemporaryFile file;
  {
    std::ofstream out(file.path());
    out << R"({"clients":[{"client_secret":"no id"}]})";
  }
  ServerProcess process({"--config=" + file.path()});
  EXPECT_EQ(process.first_line(), "");  // nothing on stdout: the error goes to stderr
  EXPECT_NE(process.Stop(), 0);
}

// --version prints one line naming the program and the project version, and serves nothing.
TEST(Binary, VersionPrintsTheProgramAndItsVersionAndExits) {
  ServerProcess process({"--version"});
  EXPECT_THAT(process.first_line(), ::testing::MatchesRegex(
                                        "gauthflow-mockserver [0-9]+\\.[0-9]+\\.[0-9]+"
                                        "( \\(commit [0-9a-f]{12}(\\+dirty)?\\))?"));
  EXPECT_EQ(process.RestOfOutput(5), "");
  EXPECT_EQ(process.Stop(), 0);
}

}  // namespace
}  // namespace gauthflow::mockserver::testing
