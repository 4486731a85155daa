#ifndef GAUTHFLOW_CLI_COMMAND_LINE_H_
#define GAUTHFLOW_CLI_COMMAND_LINE_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gauthflow/cli/flag_spec.h"
#include "gauthflow/cli/program_doc.h"
#include "gauthflow/error.h"

namespace gauthflow::cli {

class Context;  // what a command is given (cli/src/context.h)
// Runs one command and returns its exit code (exit_codes.h).
using CommandHandler = int (*)(Context& ctx);

// One entry of the command table (command_table.cc): everything `--help`, the parser and the
// dispatch know about a command.
struct CommandSpec {
  std::string name{};         // "login", "drive ls"
  std::string summary{};      // one line for the command list
  std::string arguments{};    // shown after the flags in the usage line
  std::string description{};  // a paragraph for --help
  std::vector<FlagSpec> flags{};
  // Everything after the command name goes, unparsed, to `rest` (gauthflow mockserver ...).
  bool pass_through = false;
  CommandHandler handler = nullptr;
};

// The command table: every command, in the order `gauthflow --help` lists them.
std::vector<CommandSpec> const& Commands();
// Flags accepted anywhere on the line: --endpoint-base, --ca-file, --allow-insecure-loopback,
// --credentials, --http-timeout, -v/--verbose, -h/--help.
std::vector<FlagSpec> const& GlobalFlags();
CommandSpec const* FindCommand(std::string const& name);
// What each exit status means (exit_codes.h), for `--help` and the man page.
std::vector<ExitStatusDoc> const& ExitStatuses();
// The environment variables the command reads, for the man page.
std::vector<EnvironmentDoc> const& EnvironmentVariables();
// The whole command line as the man page and the completions see it: the command table, the
// global flags, the exit statuses and the environment (program_doc.cc).
ProgramDoc GauthflowDoc();

// The command line split into the command and its flags; values are not interpreted yet
// (see options.h). A pure function of the arguments.
struct CommandLine {
  std::string command{};  // "" when only global flags were given
  std::vector<std::pair<std::string, std::string>> flags{};  // in order; booleans have ""
  std::vector<std::string> rest{};  // pass-through arguments
  bool help = false;
  bool version = false;  // --version: print VersionText and exit
  int verbosity = 0;

  bool Has(std::string const& name) const;
  // The last value of `name`, if given.
  std::optional<std::string> Get(std::string const& name) const;
  // Every value of `name`, in order.
  std::vector<std::string> GetAll(std::string const& name) const;
};

// Parses `args` (without argv[0]). Global flags may appear anywhere, a command's own flags
// after the command; a flag with `choices` takes only those values. `gauthflow help CMD` is
// `gauthflow CMD --help`. Errors are kInvalidArgument with a message naming the offending
// argument (the CLI exits 2).
Result<CommandLine> ParseCommandLine(std::vector<std::string> const& args);

// `gauthflow --help` (command "") or `gauthflow CMD --help`; ends with a newline.
std::string HelpText(std::string const& command);

}  // namespace gauthflow::cli

#endif  // GAUTHFLOW_CLI_COMMAND_LINE_H_
