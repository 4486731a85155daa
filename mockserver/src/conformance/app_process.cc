#include "conformance/app_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

extern char** environ;

namespace gauthflow::mockserver::conformance {
namespace {

constexpr auto kTick = std::chrono::milliseconds(20);
constexpr std::size_t kTailBytes = 8 * 1024;

std::string Tail(std::string const& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return {};
  auto const size = static_cast<std::size_t>(in.tellg());
  auto const start = size > kTailBytes ? size - kTailBytes : 0;
  in.seekg(static_cast<std::streamoff>(start));
  std::string text(size - start, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  return text;
}

bool IsExecutable(std::string const& path) { return ::access(path.c_str(), X_OK) == 0; }

}  // namespace

std::string FindProgram(std::string const& program) {
  if (program.empty()) return {};
  if (program.find('/') != std::string::npos) {
    if (!IsExecutable(program)) return {};
    if (program.front() == '/') return program;
    // Relative to our directory, not to the application's work directory it will run in.
    char here[4096];
    return ::getcwd(here, sizeof here) ? std::string(here) + "/" + program : program;
  }
  char const* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/local/bin:/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    std::string candidate = (dir.empty() ? "." : dir) + "/" + program;
    if (IsExecutable(candidate)) return candidate;
  }
  return {};
}

void KillProcessGroup(int process_group) {
  if (process_group > 0) ::kill(-process_group, SIGKILL);
}

bool ProcessGroupAlive(int process_group) {
  return process_group > 0 && ::kill(-process_group, 0) == 0;
}

AppRun RunApp(AppCommand const& command, AppTick const& on_tick) {
  AppRun run;
  if (command.argv.empty()) {
    run.start_error = "no command to run";
    return run;
  }
  std::string const program = FindProgram(command.argv.front());
  if (program.empty()) {
    run.start_error = command.argv.front().find('/') != std::string::npos
                          ? "\"" + command.argv.front() + "\" is not an executable file"
                          : "no program \"" + command.argv.front() + "\" on PATH";
    return run;
  }
  // Everything the child needs, built before fork.
  std::map<std::string, std::string> merged;
  for (char** entry = environ; entry && *entry; ++entry) {
    std::string text(*entry);
    auto const eq = text.find('=');
    if (eq != std::string::npos) merged[text.substr(0, eq)] = text.substr(eq + 1);
  }
  for (auto const& [name, value] : command.environment) merged[name] = value;
  std::vector<std::string> env_strings;
  for (auto const& [name, value] : merged) env_strings.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (auto& text : env_strings) envp.push_back(text.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = command.argv;
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  int error_pipe[2];
  if (::pipe2(error_pipe, O_CLOEXEC) != 0) {
    run.start_error = std::string("pipe: ") + std::strerror(errno);
    return run;
  }
  // A socket rather than a pipe: send() with MSG_NOSIGNAL cannot raise SIGPIPE in the runner
  // when the application has gone, and MSG_DONTWAIT cannot block it.
  int typed[2] = {-1, -1};
  if (command.typed_stdin && ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, typed) != 0) {
    run.start_error = std::string("socketpair: ") + std::strerror(errno);
    ::close(error_pipe[0]);
    ::close(error_pipe[1]);
    return run;
  }
  auto const start = std::chrono::steady_clock::now();
  pid_t const pid = ::fork();
  if (pid < 0) {
    run.start_error = std::string("fork: ") + std::strerror(errno);
    for (int fd : {error_pipe[0], error_pipe[1], typed[0], typed[1]}) {
      if (fd >= 0) ::close(fd);
    }
    return run;
  }
  if (pid == 0) {
    ::setpgid(0, 0);
    int const in = command.typed_stdin ? typed[1] : ::open("/dev/null", O_RDONLY);
    int const out = ::open(command.output_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int step = 0;  // which call failed, for the parent's message
    if (in < 0 || out < 0) {
      step = 1;
    } else if (::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(out, 2) < 0) {
      step = 2;
    } else if (!command.working_directory.empty() && ::chdir(command.working_directory.c_str()) != 0) {
      step = 3;
    } else {
      ::execve(program.c_str(), argv.data(), envp.data());
      step = 4;
    }
    int const report[2] = {step, errno};
    [[maybe_unused]] auto written = ::write(error_pipe[1], report, sizeof report);
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also here: whichever runs first, the group exists before we kill it
  ::close(error_pipe[1]);
  if (typed[1] >= 0) ::close(typed[1]);
  struct Closer {
    int& fd;
    ~Closer() {
      if (fd >= 0) ::close(fd);
    }
  } close_typed{typed[0]};
  int report[2] = {0, 0};
  ssize_t got = 0;
  do {
    got = ::read(error_pipe[0], report, sizeof report);  // EOF at exec: bounded
  } while (got < 0 && errno == EINTR);
  ::close(error_pipe[0]);
  if (got == static_cast<ssize_t>(sizeof report)) {
    static char const* const kSteps[] = {"", "opening /dev/null or the output file",
                                         "redirecting output", "changing to the work directory",
                                         "exec"};
    run.start_error = std::string(kSteps[report[0] < 5 ? report[0] : 4]) + " failed for " +
                      program + ": " + std::strerror(report[1]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return run;
  }
  run.started = true;
  run.process_group = pid;
  auto const deadline = start + command.timeout;
  int status = 0;
  while (true) {
    pid_t const done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      run.timed_out = true;
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      break;
    }
    if (on_tick) {
      if (auto text = on_tick(pid); text && typed[0] >= 0) {
        // One line of at most a few KiB into an empty socket buffer: it fits without blocking;
        // whatever does not is dropped with the socket.
        [[maybe_unused]] auto sent = ::send(typed[0], text->data(), text->size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        ::shutdown(typed[0], SHUT_WR);
        ::close(typed[0]);
        typed[0] = -1;
      }
    }
    std::this_thread::sleep_for(kTick);
  }
  if (!run.timed_out) {
    if (WIFEXITED(status)) run.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) run.signal = WTERMSIG(status);
  }
  run.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  run.output_tail = Tail(command.output_path);
  return run;
}

}  // namespace gauthflow::mockserver::conformance
