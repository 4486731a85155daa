#include "gauthflow/version.h"

namespace gauthflow {

std::string VersionText(std::string_view program) {
  std::string text(program);
  text += ' ';
  text += VersionNumber();
  if (auto const commit = BuildCommit(); !commit.empty()) {
    text += " (commit ";
    text += commit;
    text += ')';
  }
  return text;
}

}  // namespace gauthflow
