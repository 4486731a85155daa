// gauthflow login: the installed-app flow, then the credentials stored for later commands.
#include "context.h"
#include "gauthflow/cli/exit_codes.h"
#include "gauthflow/client_secrets.h"
#include "gauthflow/credentials_store.h"
#include "login_flow.h"

namespace gauthflow::cli {

int RunLogin(Context& ctx) {
  auto options = ParseLoginOptions(ctx.line(), ctx.deps().environment);
  if (!options) return ctx.Fail(kExitUsage, options.error().message);
  if (ctx.global().credentials_path.empty()) {
    return ctx.Fail(kExitUsage,
                    "nowhere to store the credentials: give --credentials FILE (neither "
                    "$XDG_CONFIG_HOME nor $HOME is set)");
  }
  auto secrets = LoadClientSecretsFile(options->client_secrets);
  if (!secrets) {
    return ctx.Fail(kExitError,
                    ToString(secrets.error()) +
                        "; pass --client-secrets FILE: the JSON of a Desktop OAuth client from "
                        "Google Cloud Console > APIs & Services > Credentials");
  }
  auto http = ctx.MakeHttpClient();
  if (!http) return ctx.Fail(kExitError, ToString(http.error()));

  LoginFlowInput input;
  input.secrets = *std::move(secrets);
  if (ctx.global().endpoint_base) {
    input.endpoints = ctx.endpoints();
  } else {
    // Google's endpoints, with the client file's own auth and token URIs.
    input.endpoints = GoogleEndpoints();
    input.endpoints.auth = input.secrets.auth_uri;
    input.endpoints.token = input.secrets.token_uri;
  }
  input.options = *std::move(options);

  FailureContext failure;
  failure.credentials_path = ctx.global().credentials_path;
  auto result = RunLoginFlow(ctx, **http, input, failure);
  if (!result) return ctx.Fail(result.error(), failure);

  FileCredentialsStore store(ctx.global().credentials_path);
  if (auto saved = store.Save(result->credentials); !saved) {
    return ctx.Fail(kExitError, ToString(saved.error()));
  }
  ReportLogin(ctx, *result, store.path());
  return kExitOk;
}

}  // namespace gauthflow::cli
