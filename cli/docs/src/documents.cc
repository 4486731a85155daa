// The words that print a program's generated documents, shared by both programs.
#include "gauthflow/cli/program_doc.h"

namespace gauthflow::cli {

std::optional<std::string> DocumentFor(ProgramDoc const& program,
                                       std::vector<std::string> const& words) {
  if (words == std::vector<std::string>{"man"}) return ManPage(program);
  if (words == std::vector<std::string>{"completion", "bash"}) return BashCompletion(program);
  if (words == std::vector<std::string>{"completion", "zsh"}) return ZshCompletion(program);
  return std::nullopt;
}

std::vector<CommandDoc> DocumentCommands(std::string const& program_name) {
  return {
      {
          .name = "completion bash",
          .summary = "print the bash completion script",
          .description = "Enable it for this shell with `source <(" + program_name +
                         " completion bash)`; packages install it in "
                         "/usr/share/bash-completion/completions/.",
      },
      {
          .name = "completion zsh",
          .summary = "print the zsh completion function",
          .description = "Enable it for this shell with `source <(" + program_name +
                         " completion zsh)` after compinit; packages install it in "
                         "/usr/share/zsh/vendor-completions/.",
      },
      {
          .name = "man",
          .summary = "print this manual page (roff)",
          .description = "Read it with `" + program_name + " man | man -l -`.",
      },
  };
}

}  // namespace gauthflow::cli
