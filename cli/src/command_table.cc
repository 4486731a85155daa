// The one command table: every command's name, help, flags and handler. `--help`, the parser
// (command_line.cc) and the dispatch (run.cc) all read it; adding a command is one entry here
// and its handler.
#include "context.h"
#include "gauthflow/cli/command_line.h"

namespace gauthflow::cli {
namespace {

// Flags shared by `login` and `demo`: how the redirect comes back.
std::vector<FlagSpec> RedirectFlags() {
  return {
    {.name = "mode",
     .value_name = "MODE",
     .help = "how the sign-in comes back. loopback (default): a listener on this machine "
             "receives the browser's redirect. oob / oob-auto: Google's retired out-of-band flow "
             "(code pasted / read from the page title). paste: no browser here; open the URL "
             "anywhere, paste back the address the browser ends on. device: enter a code on "
             "another device (RFC 8628)",
     .choices = {LoginModeName(LoginMode::kLoopback), LoginModeName(LoginMode::kOob),
                 LoginModeName(LoginMode::kOobAuto), LoginModeName(LoginMode::kPaste),
                 LoginModeName(LoginMode::kDevice)}},
    {"host", "HOST", "loopback host in the redirect URI: 127.0.0.1 (default), localhost or ::1"},
    {"port", "N", "loopback port; 0 (default) = any free port. paste mode needs a fixed one "
                  "(default 8085)"},
    {"no-trailing-slash", "", "send http://127.0.0.1:PORT instead of http://127.0.0.1:PORT/"},
    {"timeout", "SECONDS", "how long to wait for the sign-in (default 300)"},
  };
}

// `completion bash`, `completion zsh` and `man`, as both programs have them (program_doc.h).
std::vector<CommandSpec> DocumentCommandSpecs() {
  std::vector<CommandSpec> specs;
  for (auto& doc : DocumentCommands("gauthflow")) {
    specs.push_back({.name = std::move(doc.name),
                     .summary = std::move(doc.summary),
                     .arguments = std::move(doc.arguments),
                     .description = std::move(doc.description),
                     .flags = std::move(doc.flags),
                     .handler = RunDocument});
  }
  return specs;
}

std::vector<FlagSpec> Concat(std::vector<FlagSpec> first, std::vector<FlagSpec> const& second) {
  first.insert(first.end(), second.begin(), second.end());
  return first;
}

}  // namespace

std::vector<CommandSpec> const& Commands() {
  static std::vector<CommandSpec> const commands = [] {
    std::vector<CommandSpec> table = {
        {
            .name = "login",
            .summary = "sign in with Google and store the credentials",
            .description =
                "Runs the OAuth 2.0 flow for installed apps (PKCE, state) and stores Google's "
                "authorized_user credentials (mode 0600, written atomically) at --credentials.",
            .flags = Concat(
                Concat({{"client-secrets", "FILE",
                         "the Desktop OAuth client's client_secret.json (default: "
                         "$GAUTHFLOW_CLIENT_SECRETS)"},
                        {"scopes", "LIST",
                         "scopes, comma- or space-separated, full URLs or short names such as "
                         "drive.metadata.readonly (default: openid email drive.metadata.readonly)",
                         true}},
                       RedirectFlags()),
                {{"no-browser", "", "print the URL instead of opening a browser"},
                 {"login-hint", "EMAIL", "preselect this account"},
                 {.name = "prompt",
                  .value_name = "PROMPT",
                  .help = "what Google asks the user: consent gets a new refresh token; several "
                          "space-separated, none only alone",
                  .choices = {"consent", "select_account", "none"},
                  .choice_list = true},
                 {"scripted-browser", "ACTION",
                  "for tests against the fake server: instead of a browser, a built-in scripted "
                  "one fetches the consent page and submits it like a user: allow, allow:EMAIL or "
                  "deny"}}),
            .handler = RunLogin,
        },
        {
            .name = "token",
            .summary = "print a valid access token, refreshing it when needed",
            .description = "Refreshes with the stored refresh token when the access token expires "
                           "within 3 min 45 s and saves the refreshed credentials.",
            .flags = {{.name = "format",
                       .value_name = "FORMAT",
                       .help = "bare (default): the token; header: 'Authorization: Bearer TOKEN'; "
                               "json: access_token, token_type, expiry, expires_in, scopes",
                       .choices = {"bare", "header", "json"}}},
            .handler = RunToken,
        },
        {
            .name = "status",
            .summary = "exit 0 if the stored credentials can produce a token, 3 if login is needed",
            .description =
                "Non-interactive: never opens a browser. Refreshes (and saves) the token if it has "
                "expired; asks tokeninfo whether a token that looks valid still is.",
            .flags = {{"offline", "", "judge by the file alone: no tokeninfo, no refresh"}},
            .handler = RunStatus,
        },
        {
            .name = "info",
            .summary = "show what Google's tokeninfo says about the current access token",
            .flags = {{.name = "format",
                       .value_name = "FORMAT",
                       .help = "text (default): one field a line; json: tokeninfo's answer",
                       .choices = {"text", "json"}}},
            .handler = RunInfo,
        },
        {
            .name = "drive ls",
            .summary = "list Drive files (default: the 5 you modified most recently)",
            .description = "Drive v3 files.list with orderBy=modifiedByMeTime desc and pageSize=5 "
                           "unless told otherwise.",
            .flags =
                {
                    {"order-by", "KEYS", "Drive orderBy (default: modifiedByMeTime desc)"},
                    {"page-size", "N", "files per page, 1..1000 (default 5)"},
                    {"query", "Q", "Drive query, e.g. \"name contains 'report'\""},
                    {"fields", "FIELDS",
                     "partial response (default: "
                     "nextPageToken,files(id,name,mimeType,modifiedTime))"},
                    {"all", "", "follow nextPageToken through every page"},
                    {.name = "format",
                     .value_name = "FORMAT",
                     .help = "table (default); json: {\"files\": [...]} with every field Drive sent",
                     .choices = {"table", "json"}},
                },
            .handler = RunDriveLs,
        },
        {
            .name = "revoke",
            .summary = "revoke the stored refresh token (and its access tokens) at Google",
            .description = "The credentials file stays; `gauthflow status` then reports exit 3.",
            .handler = RunRevoke,
        },
        {
            .name = "logout",
            .summary = "revoke the credentials and delete the stored file",
            .handler = RunLogout,
        },
        {
            .name = "mockserver",
            .summary = "run the fake Google server (gauthflow-mockserver) with these arguments",
            .arguments = "[gauthflow-mockserver arguments]",
            .description =
                "Runs the gauthflow-mockserver binary found next to gauthflow (else on PATH) with "
                "every following argument, e.g. --port 0 --auto-approve --oob-blocked --config "
                "FILE. See `gauthflow-mockserver --help` and mockserver/README.md.",
            .pass_through = true,
            .handler = RunMockserver,
        },
        {
            .name = "demo",
            .summary = "sign in to an embedded fake Google and list the 5 most recent files",
            .description =
                "Starts the fake Google server in this process on 127.0.0.1 (any free port), signs "
                "in as its demo user through the chosen mode with a scripted browser that approves "
                "the consent page as a user would (or your browser with --browser), lists the "
                "files, and removes everything it created.",
            .flags = Concat(RedirectFlags(),
                            {{"browser", "", "use your real browser (the fake's consent page)"}}),
            .handler = RunDemo,
        },
    };
    auto documents = DocumentCommandSpecs();
    table.insert(table.end(), documents.begin(), documents.end());
    return table;
  }();
  return commands;
}

std::vector<FlagSpec> const& GlobalFlags() {
  static std::vector<FlagSpec> const flags = {
      {"endpoint-base", "URL",
       "send every Google request to this base URL on Google's paths (a fake server); "
       "default: $GAUTHFLOW_ENDPOINT_BASE, else Google"},
      {"ca-file", "PEM", "trust these CA certificates (e.g. a fake server's) instead of the "
                         "system's"},
      {"allow-insecure-loopback", "",
       "allow plain http:// to the --endpoint-base host even when it is not a loopback address "
       "(a fake server in another container); http:// to 127.0.0.1/::1/localhost needs no flag"},
      {"credentials", "FILE",
       "stored credentials (default: $GAUTHFLOW_CREDENTIALS, else "
       "$XDG_CONFIG_HOME/gauthflow/credentials.json, else ~/.config/gauthflow/credentials.json)"},
      {"http-timeout", "SECONDS",
       "deadline of each HTTP exchange: connect, send and the whole response, 1..3600 "
       "(default 60); a server's Retry-After is waited for up to 60 s and never longer"},
      {.name = "verbose",
       .help = "log HTTP exchanges to stderr, tokens, codes and secrets redacted",
       .repeatable = true,
       .short_name = 'v'},
      {.name = "help", .help = "show help", .short_name = 'h'},
      {"version", "", "print the version and the git commit it was built from, then exit"},
  };
  return flags;
}

CommandSpec const* FindCommand(std::string const& name) {
  for (auto const& command : Commands()) {
    if (command.name == name) return &command;
  }
  return nullptr;
}

}  // namespace gauthflow::cli
