// gauthflow's command line as a ProgramDoc: the command table, the global flags, the exit
// statuses and the environment, for the man page and the shell completions.
#include "gauthflow/cli/command_line.h"
#include "gauthflow/cli/exit_codes.h"
#include "gauthflow/cli/options.h"
#include "gauthflow/version.h"

namespace gauthflow::cli {

std::vector<ExitStatusDoc> const& ExitStatuses() {
  static std::vector<ExitStatusDoc> const statuses = {
      {kExitOk, "success"},
      {kExitError, "error (files, busy port, unexpected response, ...)"},
      {kExitUsage, "bad command line"},
      {kExitLoginNeeded,
       "login needed: no credentials, or the refresh token is expired or revoked"},
      {kExitAccessDenied,
       "access denied: consent denied, or the token lacks a scope the API needs"},
      {kExitTimeout, "timed out waiting for the sign-in"},
      {kExitClientRejected,
       "the OAuth client was rejected: redirect_uri_mismatch, unknown client, OOB blocked, ..."},
      {kExitUnavailable, "network failure or server errors after retries"},
      {kExitAuthorizationFailed,
       "the authorization response was rejected: state mismatch, code reused or expired, PKCE"},
  };
  return statuses;
}

std::vector<EnvironmentDoc> const& EnvironmentVariables() {
  static std::vector<EnvironmentDoc> const variables = {
      {kEnvEndpointBase, "the default of --endpoint-base: every Google endpoint on Google's paths "
                         "under this base URL (a fake server)"},
      {kEnvClientSecrets, "the default of login's --client-secrets"},
      {kEnvCredentials, "the default of --credentials"},
      {"XDG_CONFIG_HOME", "an absolute path: the credentials default to "
                          "$XDG_CONFIG_HOME/gauthflow/credentials.json"},
      {"HOME", "without $XDG_CONFIG_HOME, the credentials default to "
               "$HOME/.config/gauthflow/credentials.json"},
      {"BROWSER", "the browsers login tries, ':'-separated (as Python's webbrowser reads it), "
                  "before xdg-open"},
      {kEnvRetryDelayMs, "the first retry delay of the token endpoint in milliseconds, 0..60000 "
                         "(default 1000, doubling, 3 attempts)"},
      {"GAUTHFLOW_DEMO_MODULE", "the file of the fake server demo loads (libgauthflow_demo.so)"},
      {"TMPDIR", "where demo makes its scratch directory (default /tmp)"},
  };
  return variables;
}

ProgramDoc GauthflowDoc() {
  ProgramDoc doc;
  doc.name = "gauthflow";
  doc.version = std::string(VersionNumber());
  doc.summary = "Google OAuth 2.0 for installed apps, from the command line";
  doc.description = {
      "gauthflow signs in with Google through the OAuth 2.0 flow for installed applications "
      "(PKCE S256 and a random state, by a loopback redirect, out-of-band, paste or the device "
      "flow), keeps the credentials in Google's authorized_user format, hands out access "
      "tokens, refreshing them when needed, revokes them and lists Drive files.",
      "Global flags go anywhere on the command line, a command's own flags after it. "
      "`gauthflow help COMMAND` and `gauthflow COMMAND --help` show a command's flags.",
  };
  doc.global_flags = GlobalFlags();
  doc.global_flags_everywhere = true;
  for (auto const& command : Commands()) {
    doc.commands.push_back({command.name, command.summary, command.arguments,
                            command.description, command.flags, command.pass_through});
  }
  doc.exit_statuses = ExitStatuses();
  doc.environment = EnvironmentVariables();
  doc.files = {
      {"~/.config/gauthflow/credentials.json",
       "the stored credentials (mode 0600; google-auth's authorized_user format), unless "
       "--credentials, $GAUTHFLOW_CREDENTIALS or $XDG_CONFIG_HOME say otherwise"},
      {"~/.config/gauthflow/credentials.json.lock",
       "beside the credentials: the lock (flock(2)) that lets one process at a time refresh"},
  };
  doc.see_also = {"gauthflow-mockserver(1)", "xdg-open(1)"};
  return doc;
}

}  // namespace gauthflow::cli
