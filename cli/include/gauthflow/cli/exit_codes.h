#ifndef GAUTHFLOW_CLI_EXIT_CODES_H_
#define GAUTHFLOW_CLI_EXIT_CODES_H_

namespace gauthflow::cli {

// The gauthflow command's exit statuses; scripts switch on them, so they never change meaning.
// (sysexits.h-style large numbers are avoided: shells report signals as 128+N.)
enum ExitCode : int {
  kExitOk = 0,
  kExitError = 1,             // anything not listed below (files, a busy port, bad responses)
  kExitUsage = 2,             // bad command line: unknown command or flag, bad value
  kExitLoginNeeded = 3,       // no stored credentials, or the refresh token is expired/revoked
  kExitAccessDenied = 4,      // the user denied consent, or an API refused the token's scopes
  kExitTimeout = 5,           // nobody completed sign-in before --timeout / the device code expiry
  kExitClientRejected = 6,    // the OAuth client setup: redirect_uri_mismatch, unknown client,
                              // grant not allowed, OOB blocked, invalid scope
  kExitUnavailable = 7,       // network failure, or the server kept failing (5xx) after retries
  kExitAuthorizationFailed = 8,  // the authorization response or code was rejected: state
                                 // mismatch, code reused or expired, PKCE verifier rejected
};

}  // namespace gauthflow::cli

#endif  // GAUTHFLOW_CLI_EXIT_CODES_H_
