// `gauthflow demo` loads its fake Google from a module (cli/src/demo_server.h): when the module
// cannot be loaded, the demo says which file it tried and why, and exits 1.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <Poco/TemporaryFile.h>

#include "gauthflow/cli/exit_codes.h"
#include "gauthflow/cli/run.h"
#include "testing/fake_clock.h"
#include "testing/mocks.h"

namespace gauthflow::cli {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

class DemoModuleTest : public ::testing::Test {
 protected:
  int Demo(std::string const& module) {
    Dependencies deps{
        .make_http_client = [](HttpClientSettings const&) -> Result<std::unique_ptr<HttpClient>> {
          return MakeError(ErrorCode::kUnsupported, "no HTTP client: the demo must stop earlier");
        },
        .make_receiver = [](Clock&) -> std::unique_ptr<RedirectReceiver> {
          return std::make_unique<::testing::StrictMock<testing::MockRedirectReceiver>>();
        },
        .system_browser = browser_,
        .clock = clock_,
        .environment = [module](std::string const& name) -> std::optional<std::string> {
          if (name == "GAUTHFLOW_DEMO_MODULE") return module;
          return std::nullopt;
        },
        .in = in_,
        .out = out_,
        .err = err_,
        .interactive = false,
        .run_process = nullptr,
        .executable_path = "",
    };
    return ::gauthflow::cli::Run({"demo"}, deps);
  }

  ::testing::StrictMock<testing::MockBrowserLauncher> browser_;
  testing::FakeClock clock_;
  std::istringstream in_;
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(DemoModuleTest, AMissingModuleIsAClearError) {
  EXPECT_EQ(Demo("/nonexistent/libgauthflow_demo.so"), kExitError);
  EXPECT_THAT(err_.str(), AllOf(HasSubstr("cannot start the fake Google server"),
                                HasSubstr("/nonexistent/libgauthflow_demo.so: not there")));
  EXPECT_EQ(out_.str(), "");
}

TEST_F(DemoModuleTest, AFileThatIsNotAModuleIsAClearError) {
  Poco::TemporaryFile file;
  std::ofstream(file.path()) << "not a shared object\n";
  EXPECT_EQ(Demo(file.path()), kExitError);
  EXPECT_THAT(err_.str(), AllOf(HasSubstr("cannot load the demo's fake Google server"),
                                HasSubstr(file.path())));
}

}  // namespace
}  // namespace gauthflow::cli
