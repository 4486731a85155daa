#ifndef GAUTHFLOW_CLI_DOCS_COMMAND_WORDS_H_
#define GAUTHFLOW_CLI_DOCS_COMMAND_WORDS_H_

#include <string>
#include <vector>

#include "gauthflow/cli/program_doc.h"

// How the completions see a program's commands: words, groups ("drive" of "drive ls") and the
// flags valid after each.
namespace gauthflow::cli::internal {

// The first word of each command, each once, in table order: "login", ..., "drive".
std::vector<std::string> TopLevelWords(ProgramDoc const& program);
// The commands whose first word is `group`, when it has more than one word ("drive ls").
std::vector<CommandDoc const*> GroupMembers(ProgramDoc const& program, std::string const& group);
// The command's last word ("ls" of "drive ls").
std::string LastWord(std::string const& name);
// The flags valid after `command` (nullptr: before any command).
std::vector<FlagSpec> FlagsAfter(ProgramDoc const& program, CommandDoc const* command);
// The summary of `word` at the top level: the command's, or for a group the list of its members.
std::string TopLevelSummary(ProgramDoc const& program, std::string const& word);

}  // namespace gauthflow::cli::internal

#endif  // GAUTHFLOW_CLI_DOCS_COMMAND_WORDS_H_
