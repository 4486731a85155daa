// gauthflow revoke / logout: revoke the grant at Google (RFC 7009); logout also forgets it.
//
// `revoke` keeps the file (cli/README.md: "the file stays") but leaves no token in it — the
// client, token_uri and scopes stay — so that `status` and `token` then say "log in again"
// (exit 3) instead of handing out a revoked token that looks valid for up to an hour.
#include "context.h"
#include "gauthflow/cli/exit_codes.h"
#include "stored_credentials.h"

namespace gauthflow::cli {
namespace {

int Revoke(Context& ctx, bool logout) {
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
  auto& store = (*stored)->store();
  // Under the lock, and read again: a `token` in another process may be refreshing right now;
  // its save must not land after ours and bring a token back into the file.
  auto lock = store.Lock();
  if (!lock) return ctx.Fail(lock.error(), FailureContext{});
  auto current = store.Load();
  if (!current) return ctx.FailToLoad(current.error());
  auto const credentials = *std::move(current);

  if (HoldsNoToken(credentials)) {
    if (!logout) {
      return ctx.Fail(kExitLoginNeeded, "the credentials at " + store.path() +
                                            " hold no token (already revoked): nothing to "
                                            "revoke; log in again: gauthflow login");
    }
  } else {
    // Revoking the refresh token revokes the grant and every access token issued from it.
    std::string const token = credentials.refresh_token.value_or(credentials.access_token);
    std::string const what = credentials.refresh_token ? "refresh token" : "access token";
    if (auto revoked = (*stored)->token_client().Revoke(token); !revoked) {
      if (revoked.error().code != ErrorCode::kInvalidToken) {
        FailureContext failure;
        failure.stage = Stage::kRevoke;
        auto explained = Explain(revoked.error(), failure);
        return ctx.Fail(explained.exit_code,
                        "could not revoke the " + what + ": " + explained.message +
                            "; the credentials are kept at " + store.path() +
                            " so that you can retry");
      }
      ctx.Note("The " + what + " was already invalid (expired or revoked).");
    } else {
      ctx.Note("Revoked the " + what + ".");
    }
  }
  if (logout) {
    if (auto removed = store.Remove(); !removed) {
      return ctx.Fail(kExitError, ToString(removed.error()));
    }
    ctx.Note("Deleted " + store.path() + ".");
    return kExitOk;
  }
  if (auto saved = store.Save(WithoutTokens(credentials)); !saved) {
    return ctx.Fail(kExitError, "the grant is revoked, but " + ToString(saved.error()) +
                                    "; delete the file: gauthflow logout");
  }
  ctx.Note("Removed the tokens from " + store.path() +
           "; gauthflow status and token now exit 3 until you log in again.");
  return kExitOk;
}

}  // namespace

int RunRevoke(Context& ctx) { return Revoke(ctx, /*logout=*/false); }
int RunLogout(Context& ctx) { return Revoke(ctx, /*logout=*/true); }

}  // namespace gauthflow::cli
