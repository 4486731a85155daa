// gauthflow mockserver ...: the fake Google server. The standalone binary owns the server's
// flags, so this command runs it rather than duplicating them.
#include <sys/stat.h>
#include <unistd.h>

#include "context.h"
#include "gauthflow/cli/exit_codes.h"

namespace gauthflow::cli {
namespace {

constexpr char kServerBinary[] = "gauthflow-mockserver";

bool IsExecutable(std::string const& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
         ::access(path.c_str(), X_OK) == 0;
}

std::string Directory(std::string const& path) {
  auto const slash = path.rfind('/');
  return slash == std::string::npos ? std::string(".") : path.substr(0, slash);
}

// Beside this program (an install's bin/), in the build tree's mockserver/, then on $PATH.
std::string FindServer(Context& ctx) {
  std::vector<std::string> candidates;
  if (!ctx.deps().executable_path.empty()) {
    auto const dir = Directory(ctx.deps().executable_path);
    candidates.push_back(dir + "/" + kServerBinary);
    candidates.push_back(dir + "/../mockserver/" + kServerBinary);
  }
  if (auto path = ctx.deps().environment("PATH")) {
    std::size_t start = 0;
    while (start <= path->size()) {
      auto end = path->find(':', start);
      if (end == std::string::npos) end = path->size();
      auto const dir = path->substr(start, end - start);
      candidates.push_back((dir.empty() ? "." : dir) + "/" + kServerBinary);
      start = end + 1;
    }
  }
  for (auto const& candidate : candidates) {
    if (IsExecutable(candidate)) return candidate;
  }
  return {};
}

}  // namespace

int RunMockserver(Context& ctx) {
  auto const server = FindServer(ctx);
  if (server.empty()) {
    return ctx.Fail(kExitError, std::string(kServerBinary) +
                                    " not found beside gauthflow or on $PATH; build it with "
                                    "cmake --build build --target gauthflow-mockserver");
  }
  if (!ctx.deps().run_process) return ctx.Fail(kExitError, "cannot start programs here");
  auto status = ctx.deps().run_process(server, ctx.line().rest);
  if (!status) return ctx.Fail(kExitError, ToString(status.error()));
  return *status;
}

}  // namespace gauthflow::cli
