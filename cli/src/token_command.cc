// gauthflow token: a valid access token on stdout, refreshed (and saved) when needed.
#include <chrono>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include "context.h"
#include "gauthflow/cli/exit_codes.h"
#include "stored_credentials.h"
#include "time_format.h"

namespace gauthflow::cli {

int RunToken(Context& ctx) {
  auto options = ParseTokenOptions(ctx.line());
  if (!options) return ctx.Fail(kExitUsage, options.error().message);
  auto http = ctx.MakeHttpClient();
  if (!http) return ctx.Fail(kExitError, ToString(http.error()));
  auto stored = StoredCredentials::Open(ctx, **http);
  if (!stored) return ctx.FailToLoad(stored.error());
  auto token = (*stored)->Token();
  if (!token) return ctx.FailToRefresh(token.error());

  switch (options->format) {
    case TokenFormat::kBare:
      ctx.out() << token->token << "\n";
      break;
    case TokenFormat::kHeader:
      ctx.out() << "Authorization: Bearer " << token->token << "\n";
      break;
    case TokenFormat::kJson: {
      Poco::JSON::Object json(Poco::JSON_PRESERVE_KEY_ORDER);
      json.set("access_token", token->token);
      json.set("token_type", "Bearer");
      if (token->expiry != std::chrono::system_clock::time_point::max()) {
        json.set("expiry", FormatRfc3339(token->expiry));
        json.set("expires_in", static_cast<Poco::Int64>(
                                   std::chrono::duration_cast<std::chrono::seconds>(
                                       token->expiry - ctx.deps().clock.Now())
                                       .count()));
      }
      Poco::JSON::Array scopes;
      for (auto const& scope : (*stored)->Current().scopes) scopes.add(scope);
      json.set("scopes", scopes);
      Poco::JSON::Stringifier::stringify(json, ctx.out(), 2);
      ctx.out() << "\n";
      break;
    }
  }
  return kExitOk;
}

}  // namespace gauthflow::cli
