#ifndef GAUTHFLOW_VERSION_H_
#define GAUTHFLOW_VERSION_H_

#include <string>
#include <string_view>

namespace gauthflow {

// The CMake project version this build was made as, e.g. "0.1.0".
std::string_view VersionNumber();
// The git commit the build was made from (12 hex digits, "+dirty" when tracked files had
// uncommitted changes); empty when it was not built from a git checkout.
std::string_view BuildCommit();
// What `--version` prints: "gauthflow 0.1.0 (commit 5bc24b7a1c2d)", or "gauthflow 0.1.0".
std::string VersionText(std::string_view program);

}  // namespace gauthflow

#endif  // GAUTHFLOW_VERSION_H_
