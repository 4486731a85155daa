#include "gauthflow/cli/command_line.h"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "gauthflow/cli/exit_codes.h"

namespace gauthflow::cli {
namespace {

// Flags shared by `login` and `demo`: how the redirect comes back.
std::vector<FlagSpec> RedirectFlags() {
  return {
      {"mode", "MODE",
       "loopback (default) | oob | oob-auto | paste | device. loopback: a listener on this "
       "machine receives the browser's redirect. oob / oob-auto: Google's retired out-of-band "
       "flow (code pasted / read from the page title). paste: no browser here; open the URL "
       "anywhere, paste back the address the browser ends on. device: enter a code on another "
       "device (RFC 8628)"},
      {"host", "HOST", "loopback host in the redirect URI: 127.0.0.1 (default), localhost or ::1"},
      {"port", "N", "loopback port; 0 (default) = any free port. paste mode needs a fixed one "
                    "(default 8085)"},
      {"no-trailing-slash", "", "send http://127.0.0.1:PORT instead of http://127.0.0.1:PORT/"},
      {"timeout", "SECONDS", "how long to wait for the sign-in (default 300)"},
  };
}

std::vector<CommandSpec> BuildCommands() {
  std::vector<CommandSpec> commands;

  CommandSpec login;
  login.name = "login";
  login.summary = "sign in with Google and store the credentials";
  login.description =
      "Runs the OAuth 2.0 flow for installed apps (PKCE, state) and stores Google's "
      "authorized_user credentials (mode 0600, written atomically) at --credentials.";
  login.flags = {
      {"client-secrets", "FILE",
       "the Desktop OAuth client's client_secret.json (default: $GAUTHFLOW_CLIENT_SECRETS)"},
      {"scopes", "LIST",
       "scopes, comma- or space-separated, full URLs or short names such as "
       "drive.metadata.readonly (default: openid email drive.metadata.readonly); repeatable",
       true},
  };
  for (auto& flag : RedirectFlags()) login.flags.push_back(std::move(flag));
  login.flags.push_back({"no-browser", "", "print the URL instead of opening a browser"});
  login.flags.push_back({"login-hint", "EMAIL", "preselect this account"});
  login.flags.push_back(
      {"prompt", "PROMPT", "consent | select_account | none; consent gets a new refresh token"});
  login.flags.push_back(
      {"scripted-browser", "ACTION",
       "for tests against the fake server: instead of a browser, a built-in scripted one "
       "fetches the consent page and submits it like a user: allow, allow:EMAIL or deny"});
  commands.push_back(std::move(login));

  CommandSpec token;
  token.name = "token";
  token.summary = "print a valid access token, refreshing it when needed";
  token.description =
      "Refreshes with the stored refresh token when the access token expires within 3 min 45 s "
      "and saves the refreshed credentials.";
  token.flags = {{"format", "FORMAT",
                  "bare (default): the token; header: 'Authorization: Bearer TOKEN'; json: "
                  "access_token, token_type, expiry, expires_in, scopes"}};
  commands.push_back(std::move(token));

  CommandSpec status;
  status.name = "status";
  status.summary = "exit 0 if the stored credentials can produce a token, 3 if login is needed";
  status.description =
      "Non-interactive: never opens a browser. Refreshes (and saves) the token if it has "
      "expired; asks tokeninfo whether a token that looks valid still is.";
  status.flags = {{"offline", "", "judge by the file alone: no tokeninfo, no refresh"}};
  commands.push_back(std::move(status));

  CommandSpec info;
  info.name = "info";
  info.summary = "show what Google's tokeninfo says about the current access token";
  info.flags = {{"format", "FORMAT", "text (default) | json"}};
  commands.push_back(std::move(info));

  CommandSpec drive;
  drive.name = "drive ls";
  drive.summary = "list Drive files (default: the 5 you modified most recently)";
  drive.description =
      "Drive v3 files.list with orderBy=modifiedByMeTime desc and pageSize=5 unless told "
      "otherwise.";
  drive.flags = {
      {"order-by", "KEYS", "Drive orderBy (default: modifiedByMeTime desc)"},
      {"page-size", "N", "files per page, 1..1000 (default 5)"},
      {"query", "Q", "Drive query, e.g. \"name contains 'report'\""},
      {"fields", "FIELDS",
       "partial response (default: nextPageToken,files(id,name,mimeType,modifiedTime))"},
      {"all", "", "follow nextPageToken through every page"},
      {"format", "FORMAT", "table (default) | json"},
  };
  commands.push_back(std::move(drive));

  CommandSpec revoke;
  revoke.name = "revoke";
  revoke.summary = "revoke the stored refresh token (and its access tokens) at Google";
  revoke.description = "The credentials file stays; `gauthflow status` then reports exit 3.";
  commands.push_back(std::move(revoke));

  CommandSpec logout;
  logout.name = "logout";
  logout.summary = "revoke the credentials and delete the stored file";
  commands.push_back(std::move(logout));

  CommandSpec mockserver;
  mockserver.name = "mockserver";
  mockserver.summary = "run the fake Google server (gauthflow-mockserver) with these arguments";
  mockserver.arguments = "[gauthflow-mockserver arguments]";
  mockserver.description =
      "Runs the gauthflow-mockserver binary found next to gauthflow (else on PATH) with every "
      "following argument, e.g. --port 0 --auto-approve --oob-blocked --config FILE. See "
      "`gauthflow-mockserver --help` and mockserver/README.md.";
  mockserver.pass_through = true;
  commands.push_back(std::move(mockserver));

  CommandSpec demo;
  demo.name = "demo";
  demo.summary = "sign in to an embedded fake Google and list the 5 most recent files";
  demo.description =
      "Starts the fake Google server in this process on 127.0.0.1 (any free port), signs in "
      "as its demo user through the chosen mode with a scripted browser that approves the "
      "consent page as a user would (or your browser with --browser), lists the files, and "
      "removes everything it created.";
  demo.flags = RedirectFlags();
  demo.flags.push_back({"browser", "", "use your real browser (the fake's consent page)"});
  commands.push_back(std::move(demo));

  return commands;
}

std::string Spell(FlagSpec const& flag) {
  std::string text = "--" + flag.name;
  if (!flag.value_name.empty()) text += " " + flag.value_name;
  return text;
}

// Word-wraps `text` to lines of at most `width` characters, continuation lines indented.
std::string Wrap(std::string const& text, std::size_t first_column, std::size_t indent,
                 std::size_t width = 100) {
  std::string out;
  std::size_t column = first_column;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find(' ', pos);
    if (end == std::string::npos) end = text.size();
    auto const word = text.substr(pos, end - pos);
    if (column > indent && column + 1 + word.size() > width) {
      out += "\n" + std::string(indent, ' ');
      column = indent;
    } else if (column > first_column || (column > indent && !out.empty())) {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
    pos = end + 1;
  }
  return out;
}

void AppendFlags(std::ostringstream& out, std::vector<FlagSpec> const& flags) {
  for (auto const& flag : flags) {
    std::string spelled = Spell(flag);
    if (flag.name == "verbose") spelled = "-v, --verbose";
    if (flag.name == "help") spelled = "-h, --help";
    out << "  " << spelled;
    if (spelled.size() < 26) {
      out << std::string(26 - spelled.size(), ' ');
    } else {
      out << "\n" << std::string(28, ' ');
    }
    out << Wrap(flag.help, 28, 28) << "\n";
  }
}

FlagSpec const* FindFlag(std::vector<FlagSpec> const& flags, std::string const& name) {
  auto it = std::find_if(flags.begin(), flags.end(),
                         [&](FlagSpec const& flag) { return flag.name == name; });
  return it == flags.end() ? nullptr : &*it;
}

tl::unexpected<Error> Usage(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message));
}

}  // namespace

std::vector<CommandSpec> const& Commands() {
  static std::vector<CommandSpec> const commands = BuildCommands();
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
      {"verbose", "", "log HTTP exchanges to stderr, tokens, codes and secrets redacted"},
      {"help", "", "show help"},
  };
  return flags;
}

CommandSpec const* FindCommand(std::string const& name) {
  for (auto const& command : Commands()) {
    if (command.name == name) return &command;
  }
  return nullptr;
}

bool CommandLine::Has(std::string const& name) const { return Get(name).has_value(); }

std::optional<std::string> CommandLine::Get(std::string const& name) const {
  std::optional<std::string> value;
  for (auto const& [key, v] : flags) {
    if (key == name) value = v;
  }
  return value;
}

std::vector<std::string> CommandLine::GetAll(std::string const& name) const {
  std::vector<std::string> values;
  for (auto const& [key, v] : flags) {
    if (key == name) values.push_back(v);
  }
  return values;
}

Result<CommandLine> ParseCommandLine(std::vector<std::string> const& args) {
  CommandLine line;
  CommandSpec const* command = nullptr;
  bool help_command = false;  // `gauthflow help [CMD]`
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string const& arg = args[i];
    if (command && command->pass_through) {
      if (arg == "--help" || arg == "-h") {
        line.help = true;
      } else {
        line.rest.push_back(arg);
      }
      continue;
    }
    if (arg == "-h") {
      line.help = true;
      continue;
    }
    if (arg.size() >= 2 && arg[0] == '-' && arg[1] == 'v' &&
        arg.find_first_not_of('v', 1) == std::string::npos) {
      line.verbosity += static_cast<int>(arg.size() - 1);
      continue;
    }
    if (arg.rfind("--", 0) == 0 && arg.size() > 2) {
      auto const eq = arg.find('=');
      std::string const name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
      FlagSpec const* spec = FindFlag(GlobalFlags(), name);
      if (!spec && command) spec = FindFlag(command->flags, name);
      if (!spec) {
        if (!command) {
          for (auto const& candidate : Commands()) {
            if (FindFlag(candidate.flags, name)) {
              return Usage("--" + name + " is a flag of `gauthflow " + candidate.name +
                           "`: put it after the command");
            }
          }
          return Usage("unknown flag --" + name + "; see gauthflow --help");
        }
        return Usage("unknown flag --" + name + " for `gauthflow " + command->name +
                     "`; see gauthflow " + command->name + " --help");
      }
      if (spec->name == "help") {
        line.help = true;
        continue;
      }
      if (spec->name == "verbose") {
        ++line.verbosity;
        continue;
      }
      std::string value;
      if (spec->value_name.empty()) {
        if (eq != std::string::npos) return Usage("--" + name + " takes no value");
      } else if (eq != std::string::npos) {
        value = arg.substr(eq + 1);
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        return Usage("--" + name + " needs a value (" + spec->value_name + ")");
      }
      line.flags.emplace_back(name, std::move(value));
      continue;
    }
    if (arg.size() > 1 && arg[0] == '-') {
      return Usage("unknown flag " + arg + "; see gauthflow --help");
    }
    // A positional argument: the command (drive takes a subcommand).
    if (!command && !help_command && arg == "help") {
      help_command = true;
      line.help = true;
      continue;
    }
    if (!command && line.command == "drive") {
      command = FindCommand("drive " + arg);
      if (!command) return Usage("unknown command `gauthflow drive " + arg + "`; try drive ls");
      line.command = command->name;
      continue;
    }
    if (!command && line.command.empty()) {
      if (arg == "drive") {
        line.command = "drive";
        continue;
      }
      command = FindCommand(arg);
      if (!command) return Usage("unknown command `" + arg + "`; see gauthflow --help");
      line.command = command->name;
      continue;
    }
    return Usage("unexpected argument `" + arg + "`" +
                 (command ? " for `gauthflow " + command->name + "`" : std::string()));
  }
  if (line.command == "drive") {
    if (line.help) {
      line.command = "drive ls";
    } else {
      return Usage("`gauthflow drive` needs a subcommand: gauthflow drive ls");
    }
  }
  if (command) {
    for (auto const& [name, value] : line.flags) {
      FlagSpec const* spec = FindFlag(command->flags, name);
      if (spec && !spec->repeatable && line.GetAll(name).size() > 1) {
        return Usage("--" + name + " given more than once");
      }
    }
  }
  return line;
}

std::string HelpText(std::string const& name) {
  std::ostringstream out;
  CommandSpec const* command = name.empty() ? nullptr : FindCommand(name);
  if (!command) {
    out << "gauthflow: Google OAuth 2.0 for installed apps, from the command line.\n\n"
        << "Usage: gauthflow [global flags] COMMAND [flags]\n\nCommands:\n";
    for (auto const& c : Commands()) {
      out << "  " << c.name << std::string(c.name.size() < 12 ? 12 - c.name.size() : 1, ' ')
          << c.summary << "\n";
    }
    out << "\nGlobal flags:\n";
    AppendFlags(out, GlobalFlags());
    out << "\nExit codes:\n"
        << "  " << kExitOk << "  success\n"
        << "  " << kExitError << "  error (files, busy port, unexpected response, ...)\n"
        << "  " << kExitUsage << "  bad command line\n"
        << "  " << kExitLoginNeeded
        << "  login needed: no credentials, or the refresh token is expired or revoked\n"
        << "  " << kExitAccessDenied
        << "  access denied: consent denied, or the token lacks a scope the API needs\n"
        << "  " << kExitTimeout << "  timed out waiting for the sign-in\n"
        << "  " << kExitClientRejected
        << "  the OAuth client was rejected: redirect_uri_mismatch, unknown client, OOB "
           "blocked, ...\n"
        << "  " << kExitUnavailable << "  network failure or server errors after retries\n"
        << "  " << kExitAuthorizationFailed
        << "  the authorization response was rejected: state mismatch, code reused or "
           "expired, PKCE\n"
        << "\nRun `gauthflow COMMAND --help` for a command's flags.\n";
    return out.str();
  }
  out << "Usage: gauthflow " << command->name << (command->flags.empty() ? "" : " [flags]")
      << (command->arguments.empty() ? "" : " " + command->arguments) << "\n\n"
      << static_cast<char>(std::toupper(static_cast<unsigned char>(command->summary[0])))
      << command->summary.substr(1) << ".\n";
  if (!command->description.empty()) out << Wrap(command->description, 0, 0) << "\n";
  if (!command->flags.empty()) {
    out << "\nFlags:\n";
    AppendFlags(out, command->flags);
  }
  out << "\nGlobal flags:\n";
  AppendFlags(out, GlobalFlags());
  return out.str();
}

}  // namespace gauthflow::cli
