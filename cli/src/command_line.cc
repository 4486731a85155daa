#include "gauthflow/cli/command_line.h"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "gauthflow/cli/exit_codes.h"

namespace gauthflow::cli {
namespace {

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

// The first command of a group ("drive" for "drive ls"), nullptr when `group` is none.
CommandSpec const* FirstOfGroup(std::string const& group) {
  for (auto const& command : Commands()) {
    if (command.name.size() > group.size() && command.name.rfind(group + " ", 0) == 0) {
      return &command;
    }
  }
  return nullptr;
}

tl::unexpected<Error> Usage(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message));
}

}  // namespace

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
      if (spec->name == "version") {
        line.version = true;
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
    if (!command && !line.command.empty()) {  // a group's subcommand
      command = FindCommand(line.command + " " + arg);
      if (!command) {
        return Usage("unknown command `gauthflow " + line.command + " " + arg + "`; try " +
                     FirstOfGroup(line.command)->name);
      }
      line.command = command->name;
      continue;
    }
    if (!command && line.command.empty()) {
      if (FirstOfGroup(arg)) {
        line.command = arg;
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
  if (!command && !line.command.empty()) {  // a group without its subcommand
    auto const* first = FirstOfGroup(line.command);
    if (!line.help) {
      return Usage("`gauthflow " + line.command + "` needs a subcommand: gauthflow " +
                   first->name);
    }
    line.command = first->name;
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
