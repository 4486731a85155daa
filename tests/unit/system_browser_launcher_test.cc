#include "gauthflow/poco/system_browser_launcher.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace gauthflow {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

namespace fs = std::filesystem;

// A bound on how long a trivial shell script may take to finish; never reached normally.
constexpr auto kChildBound = std::chrono::seconds(30);

// A fixed environment instead of the test process's own.
EnvironmentLookup FakeEnvironment(std::map<std::string, std::string> values) {
  return [values = std::move(values)](std::string const& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

class SystemBrowserLauncherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "gauthflow-browser-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  // A fake browser: writes each argument it gets on its own line into `output`.
  fs::path WriteBrowser(std::string const& name, std::string const& body = "") {
    fs::path const script = dir_ / name;
    std::ofstream out(script);
    out << "#!/bin/sh\n"
        << (body.empty() ? "for arg in \"$@\"; do printf '%s\\n' \"$arg\"; done > '" +
                               Output().string() + "'\n"
                         : body);
    out.close();
    fs::permissions(script, fs::perms::owner_all);
    return script;
  }

  fs::path Output() const { return dir_ / "arguments.txt"; }

  std::vector<std::string> Arguments() const {
    std::ifstream in(Output());
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }

  fs::path dir_;
};

TEST_F(SystemBrowserLauncherTest, RunsBrowserWithTheUrlAsLastArgument) {
  auto const browser = WriteBrowser("browser");
  SystemBrowserLauncher launcher(
      FakeEnvironment({{"BROWSER", browser.string() + " --new-window"}, {"PATH", ""}}));
  std::string const url = "https://accounts.google.com/o/oauth2/auth?client_id=a&state=b";
  ASSERT_TRUE(launcher.Open(url).has_value());
  EXPECT_EQ(launcher.WaitForLastLaunch(kChildBound), 0);
  EXPECT_EQ(Arguments(), (std::vector<std::string>{"--new-window", url}));
}

TEST_F(SystemBrowserLauncherTest, SubstitutesPercentS) {
  auto const browser = WriteBrowser("browser");
  SystemBrowserLauncher launcher(FakeEnvironment(
      {{"BROWSER", browser.string() + " --url=%s 'two words' --last"}, {"PATH", ""}}));
  std::string const url = "http://127.0.0.1:8080/?x=%s";
  ASSERT_TRUE(launcher.Open(url).has_value());
  EXPECT_EQ(launcher.WaitForLastLaunch(kChildBound), 0);
  EXPECT_EQ(Arguments(), (std::vector<std::string>{"--url=" + url, "two words", "--last"}));
}

TEST_F(SystemBrowserLauncherTest, NeverInterpretsTheUrlInAShell) {
  auto const browser = WriteBrowser("browser");
  SystemBrowserLauncher launcher(FakeEnvironment({{"BROWSER", browser.string()}, {"PATH", ""}}));
  fs::path const marker = dir_ / "pwned";
  std::string const url = "http://127.0.0.1:1/?a=1;touch " + marker.string() + "&b=$(touch " +
                          marker.string() + ")`touch " + marker.string() + "`|x>y";
  ASSERT_TRUE(launcher.Open(url).has_value());
  EXPECT_EQ(launcher.WaitForLastLaunch(kChildBound), 0);
  EXPECT_EQ(Arguments(), std::vector<std::string>{url});
  EXPECT_FALSE(fs::exists(marker));
}

TEST_F(SystemBrowserLauncherTest, TheBrowserDoesNotHoldOurStandardStreams) {
  // A browser that outlives us must not keep our stdout/stderr open (a caller reading them
  // through a pipe would wait for the browser to exit): it gets /dev/null for all three.
  auto const browser = WriteBrowser(
      "browser",  // the expansions run before the redirection to the output file
      "printf '%s\\n' \"$(readlink /proc/$$/fd/0)\" \"$(readlink /proc/$$/fd/1)\" "
      "\"$(readlink /proc/$$/fd/2)\" > '" + Output().string() + "'\n");
  SystemBrowserLauncher launcher(FakeEnvironment({{"BROWSER", browser.string()}, {"PATH", ""}}));
  ASSERT_TRUE(launcher.Open("http://127.0.0.1:1/").has_value());
  EXPECT_EQ(launcher.WaitForLastLaunch(kChildBound), 0);
  EXPECT_EQ(Arguments(), (std::vector<std::string>{"/dev/null", "/dev/null", "/dev/null"}));
}

TEST_F(SystemBrowserLauncherTest, TriesBrowserEntriesInOrderThenFindsThemOnPath) {
  WriteBrowser("second-browser");
  SystemBrowserLauncher launcher(FakeEnvironment(
      {{"BROWSER", "/nonexistent/first-browser:second-browser"},
       {"PATH", "/nonexistent-dir:" + dir_.string()}}));
  ASSERT_TRUE(launcher.Open("http://127.0.0.1:9/").has_value());
  EXPECT_EQ(launcher.WaitForLastLaunch(kChildBound), 0);
  EXPECT_EQ(Arguments(), std::vector<std::string>{"http://127.0.0.1:9/"});
}

TEST_F(SystemBrowserLauncherTest, FallsBackToXdgOpen) {
  WriteBrowser("xdg-open");
  SystemBrowserLauncher launcher(FakeEnvironment({{"PATH", dir_.string()}}));
  ASSERT_TRUE(launcher.Open("http://127.0.0.1:9/cb").has_value());
  EXPECT_EQ(launcher.WaitForLastLaunch(kChildBound), 0);
  EXPECT_EQ(Arguments(), std::vector<std::string>{"http://127.0.0.1:9/cb"});
}

TEST_F(SystemBrowserLauncherTest, MissingBrowserIsAnErrorNamingWhatWasTried) {
  // A file that exists but is not executable does not count either.
  fs::path const not_executable = dir_ / "plain-file";
  std::ofstream(not_executable) << "#!/bin/sh\n";
  fs::permissions(not_executable, fs::perms::owner_read | fs::perms::owner_write);
  SystemBrowserLauncher launcher(FakeEnvironment(
      {{"BROWSER", "/nonexistent/browser:" + not_executable.string()}, {"PATH", ""}}));
  auto status = launcher.Open("http://127.0.0.1:9/?code=4/0Asecret");
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, ErrorCode::kUnsupported);
  EXPECT_THAT(status.error().message,
              AllOf(HasSubstr("/nonexistent/browser"), HasSubstr(not_executable.string()),
                    HasSubstr("xdg-open"), ::testing::Not(HasSubstr("4/0Asecret"))));
  EXPECT_EQ(launcher.WaitForLastLaunch(kChildBound), std::nullopt);
}

TEST_F(SystemBrowserLauncherTest, ReportsTheExitStatusOfAFailingLauncher) {
  auto const browser = WriteBrowser("failing", "exit 3\n");
  SystemBrowserLauncher launcher(FakeEnvironment({{"BROWSER", browser.string()}, {"PATH", ""}}));
  ASSERT_TRUE(launcher.Open("http://127.0.0.1:9/").has_value());
  EXPECT_EQ(launcher.WaitForLastLaunch(kChildBound), 3);
}

TEST_F(SystemBrowserLauncherTest, CannotSeePageTitles) {
  SystemBrowserLauncher launcher(FakeEnvironment({}));
  auto title = launcher.WaitForPageTitle(Clock::time_point{}, nullptr);
  ASSERT_FALSE(title.has_value());
  EXPECT_EQ(title.error().code, ErrorCode::kUnsupported);
}

TEST(ProcessEnvironment, ReadsTheProcessEnvironment) {
  ASSERT_EQ(::setenv("GAUTHFLOW_TEST_VARIABLE", "value", 1), 0);
  auto const environment = ProcessEnvironment();
  EXPECT_EQ(environment("GAUTHFLOW_TEST_VARIABLE"), "value");
  ::unsetenv("GAUTHFLOW_TEST_VARIABLE");
  EXPECT_EQ(environment("GAUTHFLOW_TEST_VARIABLE"), std::nullopt);
}

}  // namespace
}  // namespace gauthflow
