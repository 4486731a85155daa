#include "gauthflow/cli/failure.h"

#include "gauthflow/cli/exit_codes.h"
#include "gauthflow/cli/redact.h"

namespace gauthflow::cli {
namespace {

std::string Name(Error const& error) { return std::string(ErrorCodeName(error.code)); }

Failure Make(int code, std::string message) { return Failure{code, std::move(message)}; }

constexpr char kLoginAgain[] = "log in again: gauthflow login";

Failure ExplainUnsafe(Error const& error, FailureContext const& context);

}  // namespace

// Messages quote the server's error and error_description: made terminal-safe in one place.
Failure Explain(Error const& error, FailureContext const& context) {
  Failure failure = ExplainUnsafe(error, context);
  failure.message = TerminalSafe(failure.message);
  return failure;
}

namespace {

Failure ExplainUnsafe(Error const& error, FailureContext const& context) {
  std::string const& what = error.message;
  bool const login = context.stage == Stage::kLogin;
  switch (error.code) {
    case ErrorCode::kRedirectUriMismatch:
      return Make(kExitClientRejected,
                  "redirect_uri_mismatch: the redirect URI " +
                      (context.redirect_uri.empty() ? std::string("sent")
                                                    : "\"" + context.redirect_uri + "\"") +
                      " is not registered for this OAuth client (" + what +
                      "). A Desktop client accepts any loopback host (127.0.0.1, [::1], "
                      "localhost) and port, but not another path; a Web client needs an exact "
                      "match: 127.0.0.1 and localhost are different hosts, a trailing slash "
                      "counts (try --no-trailing-slash, or register both), only the port of a "
                      "loopback IP may differ. Use a Desktop client or add the URI in Google "
                      "Cloud Console > APIs & Services > Credentials");
    case ErrorCode::kInvalidClient:
      if (context.stage == Stage::kRefresh) {
        return Make(kExitClientRejected,
                    "invalid_client: the OAuth client stored in " + context.credentials_path +
                        " was rejected (" + what + "); it may have been deleted or its secret "
                        "reset: log in again with current client secrets: gauthflow login "
                        "--client-secrets FILE");
      }
      return Make(kExitClientRejected,
                  "invalid_client: Google does not accept this OAuth client (" + what +
                      "); check --client-secrets: download the Desktop client's JSON again "
                      "from Google Cloud Console > APIs & Services > Credentials");
    case ErrorCode::kUnauthorizedClient:
      return Make(kExitClientRejected,
                  "unauthorized_client: this OAuth client may not use this grant (" + what +
                      ")" +
                      (context.mode == LoginMode::kDevice
                           ? "; the device flow needs a client of type \"TVs and Limited Input "
                             "devices\", or use --mode loopback"
                           : std::string()));
    case ErrorCode::kInvalidScope:
      return Make(kExitClientRejected,
                  "invalid_scope: " + what +
                      "; check --scopes (the device flow allows only a few scopes, e.g. "
                      "openid, email, profile, drive.file)");
    case ErrorCode::kOobBlocked:
      return Make(kExitClientRejected,
                  "Google blocked the out-of-band (OOB) flow for this client (" + what +
                      "); use --mode loopback (the default), or --mode paste or --mode device "
                      "on a machine without a browser");
    case ErrorCode::kAccessDenied:
      return Make(kExitAccessDenied,
                  "access_denied: the sign-in was denied in the browser (" + what +
                      "); run gauthflow login again and choose Allow");
    case ErrorCode::kPermissionDenied:
      return Make(kExitAccessDenied,
                  what + "; log in with a scope that allows it, e.g. gauthflow login --scopes "
                         "drive.metadata.readonly");
    case ErrorCode::kUnauthenticated:
      return Make(kExitLoginNeeded, what + "; the token was rejected: " + kLoginAgain);
    case ErrorCode::kInvalidGrant:
      if (login) {
        return Make(kExitAuthorizationFailed,
                    "invalid_grant: the token endpoint rejected the authorization code (" + what +
                        "); a code works once, within 10 minutes, with this sign-in's PKCE "
                        "verifier and redirect URI: run gauthflow login again");
      }
      return Make(kExitLoginNeeded, "the stored refresh token no longer works (" + Name(error) +
                                        ": " + what + "); " + kLoginAgain);
    case ErrorCode::kStateMismatch:
    case ErrorCode::kMissingState:
      return Make(kExitAuthorizationFailed,
                  Name(error) + ": " + what +
                      "; the redirect does not belong to this sign-in (a stale tab or a forged "
                      "request), so it was refused: run gauthflow login again");
    case ErrorCode::kMissingCode:
    case ErrorCode::kAuthorizationError:
      return Make(kExitAuthorizationFailed,
                  Name(error) + ": " + what + "; run gauthflow login again");
    case ErrorCode::kTimeout:
      if (login && error.reach == RequestReach::kNotAnExchangeFailure) {  // not --http-timeout
        std::string text = "timed out";
        if (context.timeout.count() > 0) {
          text += " after " + std::to_string(context.timeout.count()) + " s";
        }
        text += " waiting for the sign-in (" + what + ")";
        if (context.mode == LoginMode::kDevice) {
          return Make(kExitTimeout, text + "; run gauthflow login --mode device again and "
                                           "approve sooner");
        }
        return Make(kExitTimeout,
                    text + "; finish the sign-in in the browser sooner or raise --timeout. If "
                           "the browser shows an error such as \"Error 400: "
                           "redirect_uri_mismatch\", fix the OAuth client instead");
      }
      // A network deadline, or the credentials file's lock held by another process too long
      // (the message says which).
      return Make(kExitUnavailable,
                  Name(error) + ": " + what + "; try again (check the network if it persists)");
    case ErrorCode::kExpiredToken:
      return Make(kExitTimeout, "expired_token: " + what +
                                    "; nobody approved the device code in time: run gauthflow "
                                    "login --mode device again");
    case ErrorCode::kPortInUse:
      return Make(kExitError, "port_in_use: " + what + "; use --port 0 to take any free port");
    case ErrorCode::kServerError:
      return Make(kExitUnavailable,
                  "server_error: " + what + "; the server is having trouble: try again later");
    case ErrorCode::kTransport:
      return Make(kExitUnavailable,
                  "transport: " + what + "; check the network connection (and --endpoint-base)");
    case ErrorCode::kInsecureTransport:
      return Make(kExitError, "insecure_transport: " + what +
                                  "; use https://, or --allow-insecure-loopback with "
                                  "--endpoint-base for a fake server on another host");
    case ErrorCode::kMissingField:
      if (context.stage == Stage::kRefresh) {
        // `login` asks for a refresh token (prompt=consent) when none is stored.
        return Make(kExitLoginNeeded, what + "; log in again: gauthflow login");
      }
      return Make(kExitError, ToString(error));
    case ErrorCode::kInvalidToken:
      return Make(kExitLoginNeeded, "invalid_token: " + what +
                                        "; the token is already expired or revoked: " +
                                        kLoginAgain);
    default:
      return Make(kExitError, ToString(error));
  }
}

}  // namespace

}  // namespace gauthflow::cli
