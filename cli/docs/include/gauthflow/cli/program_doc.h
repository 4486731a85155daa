#ifndef GAUTHFLOW_CLI_PROGRAM_DOC_H_
#define GAUTHFLOW_CLI_PROGRAM_DOC_H_

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "gauthflow/cli/flag_spec.h"

namespace gauthflow::cli {

// A program's command line as data: what its man page and its shell completions are generated
// from. Each program builds it from the tables its parser and `--help` read (gauthflow: the
// command table; gauthflow-mockserver: its Poco OptionSet and the conformance flag table), so
// that the documents cannot drift from the program.
struct CommandDoc {
  std::string name{};       // "login", or "drive ls" for a command of a group
  std::string summary{};    // one line, lower case, no final full stop
  std::string arguments{};  // after the flags in the synopsis: "-- CLIENT_COMMAND [ARGS...]"
  std::string description{};
  std::vector<FlagSpec> flags{};
  bool pass_through = false;  // every following word is someone else's (not completed)
};

struct ExitStatusDoc {
  int code = 0;
  std::string meaning{};
};

struct EnvironmentDoc {
  std::string name{};  // without the $
  std::string meaning{};
};

struct FileDoc {
  std::string path{};
  std::string meaning{};
};

struct ProgramDoc {
  std::string name{};     // "gauthflow"
  std::string version{};  // "0.1.0", in the man page's footer
  std::string summary{};  // the NAME line after the dash
  std::vector<std::string> description{};  // DESCRIPTION paragraphs
  // Without a command the program runs on its own (the fake server serves); else a command is
  // needed.
  bool command_optional = false;
  std::vector<FlagSpec> global_flags{};
  // The global flags are accepted after a command too (gauthflow); else only without one.
  bool global_flags_everywhere = false;
  std::vector<CommandDoc> commands{};
  std::vector<ExitStatusDoc> exit_statuses{};
  std::vector<EnvironmentDoc> environment{};
  std::vector<FileDoc> files{};
  std::vector<std::string> see_also{};  // "gauthflow-mockserver(1)"
};

// The documents, each a pure function of the description.
std::string ManPage(ProgramDoc const& program);        // roff, man(7) macros
std::string BashCompletion(ProgramDoc const& program); // for bash-completion's completions/ dir
std::string ZshCompletion(ProgramDoc const& program);  // an autoloaded #compdef function

// The documents a program prints on request: `man` -> the man page, `completion bash` and
// `completion zsh` -> the completion scripts. std::nullopt for other words.
std::optional<std::string> DocumentFor(ProgramDoc const& program,
                                       std::vector<std::string> const& words);

// The commands each program adds to print its documents (DocumentFor's words), for its table.
std::vector<CommandDoc> DocumentCommands(std::string const& program_name);

}  // namespace gauthflow::cli

#endif  // GAUTHFLOW_CLI_PROGRAM_DOC_H_
