// gauthflow-scripted-browser as a program in $BROWSER: the parent returns at once, the child
// plays the user on the fake and writes its report.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include <Poco/File.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/TemporaryFile.h>

#include "conformance/observation.h"
#include "gauthflow/mockserver/fake_google_server.h"

namespace gauthflow::mockserver::conformance {
namespace {

using ::testing::HasSubstr;

// Waits (bounded) for the child's report: the file appears whole, by a rename.
std::string WaitForFile(std::string const& path, std::chrono::seconds limit) {
  auto const until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (Poco::File(path).exists()) {
      std::ifstream in(path);
      std::stringstream text;
      text << in.rdbuf();
      return text.str();
    }
    std::this_thread::yield();
  }
  return {};
}

TEST(BrowserProgram, ReturnsAtOnceThenReportsTheVisit) {
  FakeGoogleServer server(DefaultServerConfig(), std::make_shared<SystemClock>());
  ASSERT_TRUE(server.Start());
  // A redirect port nothing listens on (bound once for a free number, then closed): the
  // browser's last step fails to load, as when an application has gone away.
  Poco::Net::ServerSocket app(Poco::Net::SocketAddress("127.0.0.1", 0));
  int const port = app.address().port();
  std::string const redirect = "http://127.0.0.1:" + std::to_string(port) + "/";
  app.close();
  std::string const url = server.base_url() +
                          "/o/oauth2/auth?client_id=gauthflow-demo.apps.googleusercontent.com&redirect_uri=" +
                          redirect + "&response_type=code&scope=email&state=s1";
  Poco::TemporaryFile report;
  std::string const command = "GAUTHFLOW_BROWSER_REPORT=" + report.path() +
                              " GAUTHFLOW_BROWSER_DEADLINE_SECONDS=30 " GAUTHFLOW_BROWSER_BINARY " '" + url + "'";
  EXPECT_EQ(std::system(command.c_str()), 0);
  auto parsed = ParseBrowserReport(WaitForFile(report.path(), std::chrono::seconds(30)));
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(parsed->redirect_uri, redirect);
  EXPECT_EQ(parsed->redirect_port, port);
  EXPECT_TRUE(parsed->listeners.empty());  // nothing listens there any more
  EXPECT_THAT(parsed->final_error, HasSubstr("127.0.0.1"));  // the redirect did not load
}

TEST(BrowserProgram, RefusesABadScript) {
  std::string const command = "GAUTHFLOW_BROWSER_DECISION=maybe " GAUTHFLOW_BROWSER_BINARY
                              " http://127.0.0.1:1/ 2>/dev/null";
  EXPECT_NE(std::system(command.c_str()), 0);
}

}  // namespace
}  // namespace gauthflow::mockserver::conformance
