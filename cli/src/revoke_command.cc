// gauthflow revoke / logout: revoke the grant at Google (RFC 7009); logout also forgets it.
#include "context.h"
#include "gauthflow/cli/exit_codes.h"
#include "stored_credentials.h"

namespace gauthflow::cli {

int RunRevoke(Context& ctx, bool logout) {
  auto http = ctx.MakeHttpClient();
  if (!http) return ctx.Fail(kExitError, ToString(http.error()));
  auto stored = StoredCredentials::Open(ctx, **http);
  if (!stored) {
    if (logout && stored.error().code == ErrorCode::kFileNotFound) {
      ctx.Note("Not logged in (no credentials at " + ctx.global().credentials_path +
               "): nothing to do.");
      return kExitOk;
    }
    return ctx.FailToLoad(stored.error());
  }
  auto const credentials = (*stored)->Current();
  // Revoking the refresh token revokes the grant and every access token issued from it.
  std::string const token = credentials.refresh_token.value_or(credentials.access_token);
  std::string const what = credentials.refresh_token ? "refresh token" : "access token";
  if (token.empty()) return ctx.Fail(kExitLoginNeeded, "the stored credentials hold no token");

  if (auto revoked = (*stored)->token_client().Revoke(token); !revoked) {
    if (revoked.error().code != ErrorCode::kInvalidToken) {
      FailureContext failure;
      failure.stage = Stage::kRevoke;
      auto explained = Explain(revoked.error(), failure);
      return ctx.Fail(explained.exit_code,
                      "could not revoke the " + what + ": " + explained.message +
                          (logout ? "; the credentials are kept at " +
                                        ctx.global().credentials_path + " so that you can retry"
                                  : std::string()));
    }
    ctx.Note("The " + what + " was already invalid (expired or revoked).");
  } else {
    ctx.Note("Revoked the " + what + ".");
  }
  if (logout) {
    if (auto removed = (*stored)->store().Remove(); !removed) {
      return ctx.Fail(kExitError, ToString(removed.error()));
    }
    ctx.Note("Deleted " + ctx.global().credentials_path + ".");
  }
  return kExitOk;
}

}  // namespace gauthflow::cli
