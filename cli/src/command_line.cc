#include "gauthflow/cli/command_line.h"

#include <algorithm>
#include <cctype>
#include <sstream>


namespace gauthflow::cli {
namespace {

// "--mode must be loopback, oob, oob-auto, paste or device, not \"smoke\"", or "" when
// `value` is one of the flag's choices (each word of it, for a list of choices).
std::string ChoiceProblem(FlagSpec const& flag, std::string const& value) {
  if (flag.choices.empty()) return "";
  auto const allowed = [&](std::string const& word) {
    return std::find(flag.choices.begin(), flag.choices.end(), word) != flag.choices.end();
  };
  bool ok = !value.empty();
  if (flag.choice_list) {
    std::istringstream words(value);
    std::size_t count = 0;
    for (std::string word; words >> word; ++count) ok = ok && allowed(word);
    ok = ok && count > 0;
  } else {
    ok = ok && allowed(value);
  }
  if (ok) return "";
  std::string list;
  for (std::size_t i = 0; i < flag.choices.size(); ++i) {
    list += (i == 0 ? "" : i + 1 == flag.choices.size() ? " or " : ", ") + flag.choices[i];
  }
  return "--" + flag.name + " must be " + list +
         (flag.choice_list ? " (or several, space-separated)" : "") + ", not \"" + value + "\"";
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
      if (auto problem = ChoiceProblem(*spec, value); !problem.empty()) return Usage(problem);
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
      out << "  " << c.name << std::string(c.name.size() < 17 ? 17 - c.name.size() : 1, ' ')
          << c.summary << "\n";
    }
    out << "\nGlobal flags:\n" << FormatFlagList(GlobalFlags()) << "\nExit codes:\n";
    for (auto const& status : ExitStatuses()) {
      out << "  " << status.code << "  " << status.meaning << "\n";
    }
    out << "\nRun `gauthflow COMMAND --help` for a command's flags.\n";
    return out.str();
  }
  out << "Usage: gauthflow " << command->name << (command->flags.empty() ? "" : " [flags]")
      << (command->arguments.empty() ? "" : " " + command->arguments) << "\n\n"
      << static_cast<char>(std::toupper(static_cast<unsigned char>(command->summary[0])))
      << command->summary.substr(1) << ".\n";
  if (!command->description.empty()) out << WrapText(command->description, 0, 0) << "\n";
  if (!command->flags.empty()) out << "\nFlags:\n" << FormatFlagList(command->flags);
  out << "\nGlobal flags:\n" << FormatFlagList(GlobalFlags());
  return out.str();
}

}  // namespace gauthflow::cli
