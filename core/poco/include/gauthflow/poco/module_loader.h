#ifndef GAUTHFLOW_POCO_MODULE_LOADER_H_
#define GAUTHFLOW_POCO_MODULE_LOADER_H_

#include <string>
#include <string_view>
#include <vector>

#include "gauthflow/error.h"

namespace gauthflow {

// gauthflow's modules are shared objects that a program loads only when a command needs them
// (TLS on the first https:// request, the demo's embedded fake Google), so that a command that
// does not need them does not pay for loading and relocating their libraries at start-up.

// The running program's file (/proc/self/exe, symlinks resolved); empty when it cannot be read.
std::string RunningProgramPath();

// Where to look for the module `file_name`, in order: `install_dir_from_bin` (an install's
// module directory relative to its bin/, e.g. "../lib/gauthflow") from the running program's
// directory, so that an install (also a moved one) finds its own; then each of `fixed_paths`
// (the build tree's path, then the configured install path), skipping empty ones.
std::vector<std::string> ModuleCandidates(std::string_view file_name,
                                          std::string_view install_dir_from_bin,
                                          std::vector<std::string> const& fixed_paths);

// dlopen()s the first candidate that exists and returns its `symbol`. The module stays loaded
// for the life of the process. kUnsupported, naming every path tried, when none loads.
Result<void*> LoadModuleSymbol(std::string_view what, std::vector<std::string> const& candidates,
                               char const* symbol);

}  // namespace gauthflow

#endif  // GAUTHFLOW_POCO_MODULE_LOADER_H_
