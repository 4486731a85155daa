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
  input.endpoints = ctx.global().endpoint_base ? ctx.endpoints() : EndpointsFor(input.secrets);
  input.options = *std::move(options);

  FileCredentialsStore store(ctx.global().credentials_path);
  // Google sends a refresh token only at the first offline consent for a client, or when
  // prompt=consent asks for it again (Google, "Refreshing an access token (offline access)",
  // developers.google.com/identity/protocols/oauth2/web-server#offline, and the access_type and
  // prompt parameters of .../oauth2/native-app; GOOGLE-OAUTH-FACTS.md, token endpoint). With none stored for this client (the file deleted, a second machine, after
  // `revoke`) a plain sign-in would get an access token that dies in an hour: ask for consent.
  // access_type=offline is always sent (InstalledAppFlow).
  auto const previous = store.Load();
  bool const refresh_token_stored = previous && previous->refresh_token &&
                                    previous->client_id == input.secrets.client_id;
  if (!refresh_token_stored) {
    auto& prompt = input.options.prompt;
    if (!prompt) {
      prompt = "consent";
    } else if (*prompt == "select_account") {
      prompt = "select_account consent";  // a space-separated list; `none` stays alone
    }
    if (prompt->find("consent") != std::string::npos) {
      ctx.Note("No refresh token is stored for this client: asking Google for one "
               "(prompt=consent, access_type=offline).");
    }
  }

  FailureContext failure;
  failure.credentials_path = ctx.global().credentials_path;
  auto result = RunLoginFlow(ctx, **http, input, failure);
  if (!result) return ctx.Fail(result.error(), failure);

  if (result->refresh_token_missing) {
    // Overwriting stored credentials that have a refresh token for this client with these would
    // lose the user's working login an hour from now: keep them.
    if (refresh_token_stored) {
      ReportLogin(ctx, *result, "");
      ctx.Note("Kept the stored credentials at " + store.path() +
               " unchanged: they hold a refresh token and this sign-in brought none. To "
               "replace them: gauthflow login --prompt consent");
      return kExitOk;
    }
  }
  // Without a refresh token the file is still written: `token` serves the access token until it
  // expires and `status` says it cannot be renewed. Under the lock, so that a `token` refreshing
  // the old credentials right now cannot save them over these.
  auto lock = store.Lock();
  if (!lock) return ctx.Fail(lock.error(), FailureContext{});
  if (auto saved = store.Save(result->credentials); !saved) {
    return ctx.Fail(kExitError, ToString(saved.error()));
  }
  ReportLogin(ctx, *result, store.path());
  return kExitOk;
}

}  // namespace gauthflow::cli
