// gauthflow info: Google's tokeninfo for the current access token.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include "api_call.h"
#include "context.h"
#include "gauthflow/cli/exit_codes.h"
#include "gauthflow/cli/redact.h"
#include "gauthflow/token_info.h"

namespace gauthflow::cli {

int RunInfo(Context& ctx) {
  auto options = ParseInfoOptions(ctx.line());
  if (!options) return ctx.Fail(kExitUsage, options.error().message);
  auto http = ctx.MakeHttpClient();
  if (!http) return ctx.Fail(kExitError, ToString(http.error()));
  auto stored = StoredCredentials::Open(ctx, **http);
  if (!stored) return ctx.FailToLoad(stored.error());

  FailureContext failure;
  failure.credentials_path = ctx.global().credentials_path;
  auto const url = ctx.endpoints().tokeninfo;
  bool const insecure = ctx.global().allow_insecure_transport;
  auto info = CallWithToken<TokenInfo>(
      **stored,
      [&](std::string const& token) { return GetTokenInfo(**http, url, token, insecure); },
      failure.stage);
  if (!info) return ctx.Fail(info.error(), failure);

  if (options->json) {
    Poco::JSON::Object json(Poco::JSON_PRESERVE_KEY_ORDER);
    for (auto const& [key, value] : info->fields) json.set(key, value);
    Poco::JSON::Stringifier::stringify(json, ctx.out(), 2);
    ctx.out() << "\n";
    return kExitOk;
  }
  // Google's field names, one per line, in a stable order.
  for (char const* key : {"email", "email_verified", "sub", "azp", "aud", "scope", "access_type",
                          "exp", "expires_in"}) {
    if (auto it = info->fields.find(key); it != info->fields.end()) {
      ctx.out() << key << ": " << TerminalSafe(it->second) << "\n";
    }
  }
  return kExitOk;
}

}  // namespace gauthflow::cli
