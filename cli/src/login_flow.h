#ifndef GAUTHFLOW_CLI_SRC_LOGIN_FLOW_H_
#define GAUTHFLOW_CLI_SRC_LOGIN_FLOW_H_

#include <string>

#include "context.h"
#include "gauthflow/cli/failure.h"
#include "gauthflow/cli/options.h"
#include "gauthflow/client_secrets.h"
#include "gauthflow/endpoints.h"
#include "gauthflow/installed_app_flow.h"

namespace gauthflow::cli {

struct LoginFlowInput {
  ClientSecrets secrets{};
  Endpoints endpoints{};
  LoginOptions options{};
  bool narrate_browser = false;  // print the scripted browser's steps (the demo does)
};

// Runs the sign-in for `login` and `demo` in the chosen mode, with the system browser, no
// browser, or the scripted one; shows the wait on the console. On failure `failure` says where
// it happened (for Explain). Does not store anything.
Result<FlowResult> RunLoginFlow(Context& ctx, HttpClient& http, LoginFlowInput const& input,
                                FailureContext& failure);

// Prints what the person should know after a successful sign-in: the account, where the
// credentials went, scopes not granted, a missing refresh token.
void ReportLogin(Context& ctx, FlowResult const& result, std::string const& stored_at);

}  // namespace gauthflow::cli

#endif  // GAUTHFLOW_CLI_SRC_LOGIN_FLOW_H_
