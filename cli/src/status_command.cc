// gauthflow status: can the stored credentials produce a token? Never interactive.
//
// A token that looks valid by our clock may have been revoked elsewhere (the person removed the
// app in their Google Account, an administrator, `revoke` from another machine): the file cannot
// tell. So status asks tokeninfo about it — read-only, it mints nothing and rewrites nothing,
// and Google invalidates a grant's access tokens along with it (RFC 7009 §2.1) — and only when
// tokeninfo rejects the token tries a refresh, which is what decides whether a login is needed.
// A refresh attempt alone would also answer, but it would issue and save a new token on every
// `status` and take the file's lock that concurrent `token` runs wait on. An expired token is
// refreshed (and saved) as `token` would. --offline judges by the file alone.
#include <chrono>
#include <optional>

#include "api_call.h"
#include "context.h"
#include "gauthflow/cli/exit_codes.h"
#include "gauthflow/cli/redact.h"
#include "gauthflow/scopes.h"
#include "gauthflow/token_info.h"
#include "gauthflow/version.h"
#include "stored_credentials.h"
#include "time_format.h"

namespace gauthflow::cli {
namespace {

std::string Validity(std::chrono::system_clock::time_point expiry,
                     std::chrono::system_clock::time_point now) {
  if (expiry == std::chrono::system_clock::time_point::max()) return "valid, expiry unknown";
  auto const left = std::chrono::duration_cast<std::chrono::minutes>(expiry - now);
  return "valid until " + FormatRfc3339(expiry) + " (" + std::to_string(left.count()) + " min)";
}

}  // namespace

int RunStatus(Context& ctx) {
  bool const offline = ctx.line().Has("offline");
  auto http = ctx.MakeHttpClient();
  if (!http) return ctx.Fail(kExitError, ToString(http.error()));
  auto stored = StoredCredentials::Open(ctx, **http);
  if (!stored) return ctx.FailToLoad(stored.error());
  auto const now = ctx.deps().clock.Now();

  std::optional<AccessToken> token;
  if (offline) {
    auto const credentials = (*stored)->Current();
    auto const expiry =
        credentials.expiry.value_or(std::chrono::system_clock::time_point::max());
    if (!credentials.access_token.empty() && now < expiry) {
      token = AccessToken{credentials.access_token, expiry};
    } else if (!credentials.refresh_token) {
      return ctx.FailToRefresh((*stored)->WhyNoToken());
    }
  } else {
    auto const url = ctx.endpoints().tokeninfo;
    bool const insecure = ctx.global().allow_insecure_transport;
    FailureContext failure;
    failure.credentials_path = ctx.global().credentials_path;
    auto checked = CallWithToken<AccessToken>(
        **stored,
        [&](std::string const& access_token) -> Result<AccessToken> {
          auto info = GetTokenInfo(**http, url, access_token, insecure);
          if (!info) return tl::unexpected(info.error());
          auto current = (*stored)->Current();
          return AccessToken{access_token, current.expiry.value_or(
                                               std::chrono::system_clock::time_point::max())};
        },
        failure.stage);
    if (!checked) return ctx.Fail(checked.error(), failure);
    token = *checked;
  }

  auto const credentials = (*stored)->Current();
  auto& out = ctx.out();
  out << "Logged in: " << ctx.global().credentials_path << "\n";
  if (token) {
    out << "Access token: " << Validity(token->expiry, now)
        << (offline ? " by the local clock (not checked with the server)"
                    : ", confirmed by tokeninfo")
        << "\n";
  } else {
    out << "Access token: expired; the refresh token would renew it (not tried: --offline)\n";
  }
  if (credentials.refresh_token) {
    out << "Refresh token: stored\n";
  } else {
    out << "Refresh token: none; the access token cannot be renewed: when it expires, log in "
           "again: gauthflow login\n";
  }
  out << "Scopes: " << TerminalSafe(JoinScopes(credentials.scopes)) << "\n";
  if (ctx.global().verbosity > 0) out << "Version: " << VersionText("gauthflow") << "\n";
  return kExitOk;
}

}  // namespace gauthflow::cli
