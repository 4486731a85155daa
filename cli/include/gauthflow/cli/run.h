#ifndef GAUTHFLOW_CLI_RUN_H_
#define GAUTHFLOW_CLI_RUN_H_

#include <chrono>
#include <functional>
#include <istream>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "gauthflow/browser_launcher.h"
#include "gauthflow/cli/options.h"
#include "gauthflow/clock.h"
#include "gauthflow/error.h"
#include "gauthflow/http_client.h"
#include "gauthflow/redirect_receiver.h"

namespace gauthflow::cli {

// How the command wants its HTTP client: the CA file of --ca-file and, with -v, an observer of
// every exchange (already redacting).
struct HttpClientSettings {
  std::string ca_file{};
  std::chrono::milliseconds deadline{std::chrono::seconds(60)};  // per exchange, --http-timeout
  std::function<void(HttpRequest const&, Result<HttpResponse> const&)> observer{};
};
using HttpClientFactory =
    std::function<Result<std::unique_ptr<HttpClient>>(HttpClientSettings const& settings)>;
// A loopback listener for one sign-in, on `clock` (the command may hand it a clock of its own).
using ReceiverFactory = std::function<std::unique_ptr<RedirectReceiver>(Clock& clock)>;
// Runs a program with the given arguments, stdio inherited, and returns its exit status.
using ProcessRunner =
    std::function<Result<int>(std::string const& program, std::vector<std::string> const& args)>;

// Everything the command touches; main builds the real ones, tests pass fakes.
struct Dependencies {
  HttpClientFactory make_http_client;
  ReceiverFactory make_receiver;
  BrowserLauncher& system_browser;
  Clock& clock;
  Environment environment;
  std::istream& in;
  std::ostream& out;  // results: tokens, file lists
  std::ostream& err;  // messages, prompts, errors, -v logs
  bool interactive = false;  // stdin and stderr are terminals
  ProcessRunner run_process;
  std::string executable_path{};  // this program, to find gauthflow-mockserver beside it
};

// The whole command: parses `args` (without argv[0]), runs the command, returns the exit code
// (exit_codes.h). Errors are printed as one line on `err`.
int Run(std::vector<std::string> const& args, Dependencies const& deps);

}  // namespace gauthflow::cli

#endif  // GAUTHFLOW_CLI_RUN_H_
