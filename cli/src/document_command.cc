// `gauthflow completion bash|zsh` and `gauthflow man`: the generated documents, on stdout.
#include <sstream>

#include "context.h"
#include "gauthflow/cli/command_line.h"
#include "gauthflow/cli/exit_codes.h"

namespace gauthflow::cli {

int RunDocument(Context& ctx) {
  std::vector<std::string> words;
  std::istringstream name(ctx.line().command);
  for (std::string word; name >> word;) words.push_back(word);
  auto const document = DocumentFor(GauthflowDoc(), words);
  // The table holds only the commands DocumentFor knows (DocumentCommands).
  if (!document) return ctx.Fail(kExitError, "no document for `" + ctx.line().command + "`");
  ctx.out() << *document;
  return ctx.out() ? kExitOk : kExitError;
}

}  // namespace gauthflow::cli
