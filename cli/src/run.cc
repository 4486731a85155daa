#include "gauthflow/cli/run.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "context.h"
#include "gauthflow/cli/command_line.h"
#include "gauthflow/cli/exit_codes.h"
#include "gauthflow/cli/redact.h"
#include "gauthflow/version.h"

namespace gauthflow::cli {

Context::Context(Dependencies const& deps, CommandLine line, GlobalOptions global)
    : deps_(deps),
      line_(std::move(line)),
      global_(std::move(global)),
      console_(deps.in, deps.err, deps.interactive, deps.clock) {}

Result<std::unique_ptr<HttpClient>> Context::MakeHttpClient() {
  HttpClientSettings settings;
  settings.ca_file = global_.ca_file;
  settings.deadline = global_.http_timeout;
  if (global_.verbosity > 0) {
    settings.observer = [this](HttpRequest const& request, Result<HttpResponse> const& result) {
      auto const text = DescribeExchange(request, result);
      std::lock_guard<std::mutex> lock(log_mu_);
      console_.Print(text);
    };
  }
  return deps_.make_http_client(settings);
}

Endpoints Context::endpoints() const {
  if (global_.endpoint_base) {
    if (auto endpoints = EndpointsAtBase(*global_.endpoint_base)) return *endpoints;
  }
  return GoogleEndpoints();
}

RetryPolicy Context::retry() const {
  RetryPolicy policy;
  policy.initial_delay = global_.retry_initial_delay;
  policy.max_retry_after = std::min<std::chrono::milliseconds>(policy.max_retry_after,
                                                               global_.http_timeout);
  return policy;
}

TokenClientConfig Context::TokenClientConfigFor(std::string token_uri, std::string client_id,
                                                std::string client_secret) const {
  TokenClientConfig config;
  config.token_uri = std::move(token_uri);
  config.revoke_uri = endpoints().revoke;
  config.client_id = std::move(client_id);
  config.client_secret = std::move(client_secret);
  config.retry = retry();
  config.allow_insecure_transport = global_.allow_insecure_transport;
  return config;
}

void Context::Note(std::string const& text) { console_.Print(text + "\n"); }

int Context::Fail(int exit_code, std::string const& message) {
  console_.EndWait();
  console_.Print("gauthflow " + (line_.command.empty() ? std::string() : line_.command + ": ") +
                 message + "\n");
  return exit_code;
}

int Context::Fail(Error const& error, FailureContext const& context) {
  auto const failure = Explain(error, context);
  return Fail(failure.exit_code, failure.message);
}

int Context::FailToRefresh(Error const& error) {
  FailureContext failure;
  failure.stage = Stage::kRefresh;
  failure.credentials_path = global_.credentials_path;
  return Fail(error, failure);
}

int Context::FailToLoad(Error const& error) {
  if (error.code == ErrorCode::kFileNotFound) {
    return Fail(kExitLoginNeeded, "not logged in: no credentials at " +
                                      global_.credentials_path + "; run gauthflow login");
  }
  // A file without a refresh token loads (its access token serves until it expires), so no
  // load error is about a missing refresh token; StoredCredentials::WhyNoToken says that.
  return Fail(kExitError, ToString(error) +
                              "; fix or delete the file, or run gauthflow login to replace it");
}

int Run(std::vector<std::string> const& args, Dependencies const& deps) {
  auto line = ParseCommandLine(args);
  if (!line) {
    deps.err << "gauthflow: " << line.error().message << "\n";
    return kExitUsage;
  }
  if (line->version) {
    deps.out << VersionText("gauthflow") << "\n";
    return kExitOk;
  }
  if (line->help || line->command.empty()) {
    // `gauthflow` alone is a usage error; asking for help is not.
    (line->help ? deps.out : deps.err) << HelpText(line->command);
    return line->help ? kExitOk : kExitUsage;
  }
  auto global = ParseGlobalOptions(*line, deps.environment);
  if (!global) {
    deps.err << "gauthflow " << line->command << ": " << global.error().message << "\n";
    return kExitUsage;
  }
  Context ctx(deps, *std::move(line), *std::move(global));
  // ParseCommandLine only returns commands of the table.
  return FindCommand(ctx.line().command)->handler(ctx);
}

}  // namespace gauthflow::cli
