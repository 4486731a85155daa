#ifndef GAUTHFLOW_CLI_STREAM_CONSOLE_H_
#define GAUTHFLOW_CLI_STREAM_CONSOLE_H_

#include <condition_variable>
#include <istream>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <thread>

#include "gauthflow/clock.h"
#include "gauthflow/console.h"

namespace gauthflow::cli {

// The flow's Console on the process's streams: messages and prompts go to `out` (stderr, so
// that stdout stays for results such as the token), answers come from `in`.
//
// On a terminal (`interactive`), BeginWait keeps one status line with the time left, rewritten
// every second until EndWait; otherwise it prints one plain line, so logs stay line-oriented.
class StreamConsole : public Console {
 public:
  StreamConsole(std::istream& in, std::ostream& out, bool interactive, Clock& clock);
  ~StreamConsole() override;
  StreamConsole(StreamConsole const&) = delete;
  StreamConsole& operator=(StreamConsole const&) = delete;

  void Print(std::string_view text) override;
  // kInvalidArgument "end of input" when `in` is exhausted.
  Result<std::string> ReadLine(std::string_view prompt) override;

  // "Waiting for WHAT (M:SS left)". Replaces a wait in progress.
  void BeginWait(std::string what, Clock::time_point deadline);
  void EndWait();

  bool interactive() const { return interactive_; }

 private:
  void ClearStatusLocked();
  void DrawStatusLocked();

  std::istream& in_;
  std::ostream& out_;
  bool const interactive_;
  Clock& clock_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool waiting_ = false;          // guarded by mu_
  bool status_shown_ = false;     // guarded by mu_
  std::string what_;              // guarded by mu_
  Clock::time_point deadline_{};  // guarded by mu_
  std::thread ticker_;
};

}  // namespace gauthflow::cli

#endif  // GAUTHFLOW_CLI_STREAM_CONSOLE_H_
