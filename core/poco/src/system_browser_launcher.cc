#include "gauthflow/poco/system_browser_launcher.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>

namespace gauthflow {

// One started browser command; the reaper thread fills in the exit status.
struct SystemBrowserLauncher::Launch {
  std::mutex mu;
  std::condition_variable cv;
  std::optional<int> exit_status;
};

namespace {

// The search path when $PATH is unset (what execvp uses on glibc).
constexpr char kDefaultPath[] = "/usr/local/bin:/usr/bin:/bin";

std::vector<std::string> Split(std::string const& text, char separator) {
  std::vector<std::string> parts;
  std::string::size_type start = 0;
  while (start <= text.size()) {
    auto const end = text.find(separator, start);
    auto const part = text.substr(start, end == std::string::npos ? std::string::npos
                                                                  : end - start);
    if (!part.empty()) parts.push_back(part);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return parts;
}

// Whitespace-separated words; '...' and "..." group words that contain spaces. No escapes, no
// expansion: this only splits, it never interprets.
std::vector<std::string> SplitWords(std::string const& entry) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (char c : entry) {
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else {
        word += c;
      }
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

bool IsExecutableFile(std::string const& path) { return ::access(path.c_str(), X_OK) == 0; }

// The program's path: as given when it names a path, else the first executable in $PATH.
std::optional<std::string> Resolve(std::string const& program, std::string const& search_path) {
  if (program.find('/') != std::string::npos) {
    if (IsExecutableFile(program)) return program;
    return std::nullopt;
  }
  for (auto const& dir : Split(search_path, ':')) {
    std::string candidate = dir + "/" + program;
    if (IsExecutableFile(candidate)) return candidate;
  }
  return std::nullopt;
}

std::vector<std::string> Arguments(std::vector<std::string> words, std::string const& url) {
  bool substituted = false;
  for (auto& word : words) {
    for (auto pos = word.find("%s"); pos != std::string::npos; pos = word.find("%s", pos)) {
      word.replace(pos, 2, url);
      pos += url.size();
      substituted = true;
    }
  }
  if (!substituted) words.push_back(url);
  return words;
}

// Starts `path` with `args` and our environment; stdin, stdout and stderr on /dev/null and no
// other descriptor of ours (the redirect listener among them). posix_spawn with closefrom
// rather than Poco::Process::launch, whose child calls close() on every descriptor number up to
// the open-file limit before exec: 20,000 system calls at a limit of 20,000, tens of
// milliseconds on the sign-in's critical path (benchmarks/results/flow.md). Nor /bin/sh for the
// redirections: the file actions do them.
Result<pid_t> Spawn(std::string const& path, std::vector<std::string> const& args) {
  posix_spawn_file_actions_t actions;
  if (int const rc = ::posix_spawn_file_actions_init(&actions); rc != 0) {
    return MakeError(ErrorCode::kUnsupported, std::strerror(rc));
  }
  ::posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  ::posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  ::posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  ::posix_spawn_file_actions_addclosefrom_np(&actions, STDERR_FILENO + 1);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(path.c_str()));
  for (auto const& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  int const rc = ::posix_spawn(&pid, path.c_str(), &actions, nullptr, argv.data(), environ);
  ::posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return MakeError(ErrorCode::kUnsupported, std::strerror(rc));
  return pid;
}

}  // namespace

EnvironmentLookup ProcessEnvironment() {
  return [](std::string const& name) -> std::optional<std::string> {
    char const* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

SystemBrowserLauncher::SystemBrowserLauncher(EnvironmentLookup environment,
                                             SystemBrowserLauncherOptions options)
    : environment_(std::move(environment)), options_(std::move(options)) {}

SystemBrowserLauncher::~SystemBrowserLauncher() = default;

Status SystemBrowserLauncher::Open(std::string const& url) {
  std::vector<std::string> entries;
  if (auto browser = environment_("BROWSER"); browser) entries = Split(*browser, ':');
  entries.insert(entries.end(), options_.fallbacks.begin(), options_.fallbacks.end());
  std::string const search_path = environment_("PATH").value_or(kDefaultPath);

  std::string tried;
  auto const note = [&tried](std::string const& what) {
    tried += tried.empty() ? what : "; " + what;
  };
  for (auto const& entry : entries) {
    auto words = SplitWords(entry);
    if (words.empty()) continue;
    std::string const program = words.front();
    auto const path = Resolve(program, search_path);
    if (!path) {
      note("\"" + program + "\"" +
           (program.find('/') != std::string::npos ? " is not an executable file"
                                                   : " was not found on PATH"));
      continue;
    }
    words.erase(words.begin());
    // The browser gets /dev/null for stdin, stdout and stderr (as Python's webbrowser does):
    // it may outlive us, and holding our output open would stall whoever reads it through a
    // pipe.
    auto pid = Spawn(*path, Arguments(std::move(words), url));
    if (!pid) {
      note("\"" + *path + "\" could not be started: " + pid.error().message);
      continue;
    }
    auto launch = std::make_shared<Launch>();
    try {
      // Reap the child whenever it exits, so no zombie is left; the browser may outlive us.
      std::thread([child = *pid, launch] {
        int code = -1;
        for (;;) {
          int status = 0;
          pid_t const reaped = ::waitpid(child, &status, 0);
          if (reaped < 0 && errno == EINTR) continue;
          if (reaped == child) code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
          break;
        }
        {
          std::lock_guard<std::mutex> lock(launch->mu);
          launch->exit_status = code;
        }
        launch->cv.notify_all();
      }).detach();
    } catch (std::system_error const&) {
      // The browser is running all the same; it only stays a zombie until we exit.
    }
    last_launch_ = std::move(launch);
    return {};
  }
  return MakeError(ErrorCode::kUnsupported,
                   "could not open a browser (" + (tried.empty() ? "no candidates" : tried) +
                       "); set $BROWSER or open the URL yourself");
}

Result<std::string> SystemBrowserLauncher::WaitForPageTitle(Clock::time_point,
                                                            CancellationToken const*) {
  return MakeError(ErrorCode::kUnsupported,
                   "the system browser cannot report page titles; use the loopback redirect "
                   "or paste the code");
}

std::optional<int> SystemBrowserLauncher::WaitForLastLaunch(std::chrono::milliseconds timeout) {
  if (!last_launch_) return std::nullopt;
  std::unique_lock<std::mutex> lock(last_launch_->mu);
  last_launch_->cv.wait_for(lock, timeout,
                            [this] { return last_launch_->exit_status.has_value(); });
  return last_launch_->exit_status;
}

}  // namespace gauthflow
