#ifndef GAUTHFLOW_CLI_FAILURE_H_
#define GAUTHFLOW_CLI_FAILURE_H_

#include <chrono>
#include <string>

#include "gauthflow/cli/options.h"
#include "gauthflow/error.h"

namespace gauthflow::cli {

// What the command was doing when an Error came back; decides the advice and the exit code.
enum class Stage {
  kLogin,    // the authorization flow and the code exchange
  kRefresh,  // turning the stored refresh token into an access token
  kApi,      // Drive, tokeninfo
  kRevoke,
  kOther,    // files, configuration
};

struct FailureContext {
  Stage stage = Stage::kOther;
  LoginMode mode = LoginMode::kLoopback;
  std::string redirect_uri{};      // the loopback redirect URI in use, when known
  std::string credentials_path{};
  std::chrono::seconds timeout{0};
  bool scripted_browser = false;   // no person is watching a browser
};

struct Failure {
  int exit_code = 1;
  std::string message{};  // one line, no trailing newline, never a secret
};

// One actionable line and an exit code (exit_codes.h) for an Error.
Failure Explain(Error const& error, FailureContext const& context);

}  // namespace gauthflow::cli

#endif  // GAUTHFLOW_CLI_FAILURE_H_
