#include "command_words.h"

#include <algorithm>

namespace gauthflow::cli::internal {
namespace {

std::string FirstWord(std::string const& name) { return name.substr(0, name.find(' ')); }

}  // namespace

std::vector<std::string> TopLevelWords(ProgramDoc const& program) {
  std::vector<std::string> words;
  for (auto const& command : program.commands) {
    auto word = FirstWord(command.name);
    if (std::find(words.begin(), words.end(), word) == words.end()) words.push_back(word);
  }
  return words;
}

std::vector<CommandDoc const*> GroupMembers(ProgramDoc const& program, std::string const& group) {
  std::vector<CommandDoc const*> members;
  for (auto const& command : program.commands) {
    if (command.name.size() > group.size() && command.name.rfind(group + " ", 0) == 0) {
      members.push_back(&command);
    }
  }
  return members;
}

std::string LastWord(std::string const& name) { return name.substr(name.rfind(' ') + 1); }

std::vector<FlagSpec> FlagsAfter(ProgramDoc const& program, CommandDoc const* command) {
  std::vector<FlagSpec> flags;
  if (command) flags = command->flags;
  if (!command || program.global_flags_everywhere) {
    flags.insert(flags.end(), program.global_flags.begin(), program.global_flags.end());
  }
  return flags;
}

std::string TopLevelSummary(ProgramDoc const& program, std::string const& word) {
  auto const members = GroupMembers(program, word);
  if (members.empty()) {
    for (auto const& command : program.commands) {
      if (command.name == word) return command.summary;
    }
    return {};
  }
  std::string text;
  for (auto const* member : members) text += (text.empty() ? "" : ", ") + member->name;
  return text;
}

}  // namespace gauthflow::cli::internal
