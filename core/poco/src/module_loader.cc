#include "gauthflow/poco/module_loader.h"

#include <dlfcn.h>
#include <sys/stat.h>
#include <unistd.h>

namespace gauthflow {
namespace {

bool IsFile(std::string const& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

}  // namespace

std::string RunningProgramPath() {
  std::string path(4096, '\0');
  auto const n = ::readlink("/proc/self/exe", path.data(), path.size() - 1);
  if (n <= 0) return {};
  path.resize(static_cast<std::size_t>(n));
  return path;
}

std::vector<std::string> ModuleCandidates(std::string_view file_name,
                                          std::string_view install_dir_from_bin,
                                          std::vector<std::string> const& fixed_paths) {
  std::vector<std::string> candidates;
  auto const program = RunningProgramPath();
  if (auto const slash = program.rfind('/'); slash != std::string::npos &&
                                              !install_dir_from_bin.empty()) {
    candidates.push_back(program.substr(0, slash) + "/" + std::string(install_dir_from_bin) + "/" +
                         std::string(file_name));
  }
  for (auto const& path : fixed_paths) {
    if (!path.empty()) candidates.push_back(path);
  }
  return candidates;
}

Result<void*> LoadModuleSymbol(std::string_view what, std::vector<std::string> const& candidates,
                               char const* symbol) {
  std::string tried;
  for (auto const& path : candidates) {
    if (!tried.empty()) tried += "; ";
    if (!IsFile(path)) {
      tried += path + ": not there";
      continue;
    }
    // RTLD_NOW: a module with a missing library fails here, with dlerror's reason, rather than
    // at its first call. Never dlclose'd: objects it made may outlive any one caller.
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      char const* reason = ::dlerror();
      tried += reason != nullptr ? std::string(reason) : path + ": cannot be loaded";
      continue;
    }
    if (void* found = ::dlsym(handle, symbol); found != nullptr) return found;
    tried += path + ": has no " + symbol;
  }
  return MakeError(ErrorCode::kUnsupported,
                   "cannot load " + std::string(what) + " (" +
                       (tried.empty() ? "no place to look" : tried) + ")");
}

}  // namespace gauthflow
