#ifndef GAUTHFLOW_MOCKSERVER_CONFORMANCE_APP_PROCESS_H_
#define GAUTHFLOW_MOCKSERVER_CONFORMANCE_APP_PROCESS_H_

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gauthflow::mockserver::conformance {

// The application under test, one run of it.
struct AppCommand {
  std::vector<std::string> argv;                                  // argv[0] is looked up in PATH
  std::vector<std::pair<std::string, std::string>> environment;   // added to (or replacing) ours
  std::string working_directory;
  std::string output_path;  // stdout and stderr go here
  std::chrono::milliseconds timeout{60'000};
  // false: stdin is /dev/null. true: a socket the runner types into (what on_tick returns),
  // closed after the first text, as a person who pastes one line and presses Ctrl-D.
  bool typed_stdin = false;
};

struct AppRun {
  bool started = false;
  std::string start_error;  // why it did not start ("no such program on PATH: foo")
  bool timed_out = false;   // killed by the runner at the timeout
  int exit_code = -1;       // when it exited
  int signal = 0;           // when a signal ended it
  std::string output_tail;  // the last 8 KiB of its output
  std::chrono::milliseconds elapsed{0};
  int process_group = 0;  // its process group, for KillProcessGroup; 0 when it did not start
};

// Runs the command in its own process group and waits for it, at most `timeout` (then the
// group is killed); `on_tick` is called about every 20 ms while it runs, with the group's id
// (the runner samples the application's listening sockets then, and plays the person). Only async-signal-safe calls happen between fork and exec
// (the runner has server threads): the program's path and the environment are built before.
// `on_tick` returns text to type into stdin (with typed_stdin), or nullopt.
using AppTick = std::function<std::optional<std::string>(int process_group)>;
AppRun RunApp(AppCommand const& command, AppTick const& on_tick);

// Kills what is left of the group (a browser the application started, say), so that nothing
// outlives the scenario.
void KillProcessGroup(int process_group);

// Whether any process of the group is left (one whose exit nobody has reaped yet counts).
bool ProcessGroupAlive(int process_group);

// The program's path: as given when it contains a '/', else the first executable in $PATH.
// Empty when there is none.
std::string FindProgram(std::string const& program);

}  // namespace gauthflow::mockserver::conformance

#endif  // GAUTHFLOW_MOCKSERVER_CONFORMANCE_APP_PROCESS_H_
