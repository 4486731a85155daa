// gauthflow status: can the stored credentials produce a token? Never interactive.
#include <chrono>

#include "context.h"
#include "gauthflow/cli/exit_codes.h"
#include "gauthflow/scopes.h"
#include "stored_credentials.h"
#include "time_format.h"

namespace gauthflow::cli {

int RunStatus(Context& ctx) {
  auto http = ctx.MakeHttpClient();
  if (!http) return ctx.Fail(kExitError, ToString(http.error()));
  auto stored = StoredCredentials::Open(ctx, **http);
  if (!stored) return ctx.FailToLoad(stored.error());
  auto token = (*stored)->Token();
  if (!token) return ctx.FailToRefresh(token.error());

  auto const credentials = (*stored)->Current();
  auto& out = ctx.out();
  out << "Logged in: " << ctx.global().credentials_path << "\n";
  if (token->expiry == std::chrono::system_clock::time_point::max()) {
    out << "Access token: valid, expiry unknown\n";
  } else {
    auto const left = std::chrono::duration_cast<std::chrono::minutes>(token->expiry -
                                                                        ctx.deps().clock.Now());
    out << "Access token: valid until " << FormatRfc3339(token->expiry) << " ("
        << left.count() << " min)\n";
  }
  out << "Refresh token: " << (credentials.refresh_token ? "stored" : "none") << "\n";
  out << "Scopes: " << JoinScopes(credentials.scopes) << "\n";
  return kExitOk;
}

}  // namespace gauthflow::cli
