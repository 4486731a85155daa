// The gauthflow command: builds the real dependencies and hands over to cli::Run.
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <Poco/Exception.h>
#include <Poco/Process.h>

#include "gauthflow/cli/run.h"
#include "gauthflow/poco/module_loader.h"
#include "gauthflow/poco/net_module.h"
#include "gauthflow/poco/system_browser_launcher.h"
#include "gauthflow/poco/system_clock.h"

int main(int argc, char** argv) {
  using namespace gauthflow;
  SystemClock clock;
  auto const environment = ProcessEnvironment();
  SystemBrowserLauncher browser(environment);

  cli::Dependencies deps{
      .make_http_client =
          [](cli::HttpClientSettings const& settings)
          -> Result<std::unique_ptr<HttpClient>> {
        // From libgauthflow_net.so, loaded by the first request: a command that makes none
        // (token on a valid cached token) does not load Poco Net.
        NetModuleHttpOptions options;
        options.ca_file = settings.ca_file;
        options.deadline = settings.deadline;
        options.observer = settings.observer;
        return MakeNetModuleHttpClient(std::move(options));
      },
      .make_receiver = [](Clock& c) -> std::unique_ptr<RedirectReceiver> {
        return MakeNetModuleLoopbackReceiver(c);
      },
      .system_browser = browser,
      .clock = clock,
      .environment = environment,
      .in = std::cin,
      .out = std::cout,
      .err = std::cerr,
      .interactive = ::isatty(STDIN_FILENO) == 1 && ::isatty(STDERR_FILENO) == 1,
      .run_process = [](std::string const& program,
                        std::vector<std::string> const& args) -> Result<int> {
        try {
          auto handle = Poco::Process::launch(program, args);
          return handle.wait();
        } catch (Poco::Exception const& e) {
          return MakeError(ErrorCode::kUnsupported,
                           "cannot run " + program + ": " + e.displayText());
        }
      },
      .executable_path = RunningProgramPath(),
  };
  int const code = cli::Run(std::vector<std::string>(argv + 1, argv + argc), deps);
  // Everything the command made is gone with Run's scope: its files closed (the credentials
  // synced before their rename), its listener and connections closed, its threads joined. What
  // a normal exit would still do is tear down the libraries' static state (Poco's, the C++
  // runtime's), about 0.3 ms of every command (benchmarks/results/flow.md), which the kernel
  // reclaims anyway. So: flush what is buffered and leave.
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
#if defined(__SANITIZE_ADDRESS__)
  __lsan_do_leak_check();  // LeakSanitizer's check would otherwise run at exit
#endif
  std::_Exit(code);
}
