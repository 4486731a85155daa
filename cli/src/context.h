#ifndef GAUTHFLOW_CLI_SRC_CONTEXT_H_
#define GAUTHFLOW_CLI_SRC_CONTEXT_H_

// What every command shares: the parsed options, the console, the HTTP client set-up, the
// endpoints and the way errors are reported. Private to the CLI.

#include <memory>
#include <mutex>
#include <string>

#include "gauthflow/cli/command_line.h"
#include "gauthflow/cli/failure.h"
#include "gauthflow/cli/options.h"
#include "gauthflow/cli/run.h"
#include "gauthflow/cli/stream_console.h"
#include "gauthflow/endpoints.h"
#include "gauthflow/token_client.h"

namespace gauthflow::cli {

class Context {
 public:
  Context(Dependencies const& deps, CommandLine line, GlobalOptions global);

  Dependencies const& deps() const { return deps_; }
  CommandLine const& line() const { return line_; }
  GlobalOptions const& global() const { return global_; }
  StreamConsole& console() { return console_; }
  std::ostream& out() { return deps_.out; }

  // The HTTP client for this command: --ca-file, --http-timeout, and with -v every exchange
  // logged (redacted).
  Result<std::unique_ptr<HttpClient>> MakeHttpClient();
  // --endpoint-base (validated by ParseGlobalOptions) or Google's.
  Endpoints endpoints() const;
  // google-auth's retries ($GAUTHFLOW_RETRY_DELAY_MS for the first delay), a Retry-After
  // waited for up to 60 s and never longer than --http-timeout.
  RetryPolicy retry() const;
  // The one place the CLI configures a token client: this client at `token_uri`, revocation at
  // endpoints(), retry(), and --allow-insecure-loopback.
  TokenClientConfig TokenClientConfigFor(std::string token_uri, std::string client_id,
                                         std::string client_secret) const;

  // A message line on stderr ("gauthflow: " is not prefixed: these are not errors).
  void Note(std::string const& text);
  // Prints "gauthflow COMMAND: MESSAGE" and returns the exit code.
  int Fail(int exit_code, std::string const& message);
  int Fail(Error const& error, FailureContext const& context);
  // "not logged in" (exit 3) for a missing credentials file; other load errors exit 1.
  int FailToLoad(Error const& error);
  // A failure to get an access token out of the stored credentials (a refresh that failed).
  int FailToRefresh(Error const& error);

 private:
  Dependencies const& deps_;
  CommandLine line_;
  GlobalOptions global_;
  StreamConsole console_;
  std::mutex log_mu_;
};

// The commands' handlers (the command table, command_table.cc, names them); each returns the
// exit code.
int RunLogin(Context& ctx);
int RunToken(Context& ctx);
int RunStatus(Context& ctx);
int RunInfo(Context& ctx);
int RunDriveLs(Context& ctx);
int RunRevoke(Context& ctx);
int RunLogout(Context& ctx);
int RunMockserver(Context& ctx);
int RunDemo(Context& ctx);
// `completion bash|zsh` and `man`: prints the document the command names (program_doc.h).
int RunDocument(Context& ctx);

}  // namespace gauthflow::cli

#endif  // GAUTHFLOW_CLI_SRC_CONTEXT_H_
