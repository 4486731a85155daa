#include "gauthflow/cli/stream_console.h"

#include "gauthflow/cli/redact.h"

#include <chrono>
#include <string>

namespace gauthflow::cli {
namespace {

std::string TimeLeft(Clock::duration left) {
  auto const seconds = std::max<long long>(
      0, std::chrono::duration_cast<std::chrono::seconds>(left).count());
  std::string const ss = std::to_string(seconds % 60);
  return std::to_string(seconds / 60) + ":" + (ss.size() < 2 ? "0" : "") + ss;
}

}  // namespace

StreamConsole::StreamConsole(std::istream& in, std::ostream& out, bool interactive, Clock& clock)
    : in_(in), out_(out), interactive_(interactive), clock_(clock) {}

StreamConsole::~StreamConsole() { EndWait(); }

void StreamConsole::Print(std::string_view text) {
  std::lock_guard<std::mutex> lock(mu_);
  ClearStatusLocked();
  // Messages quote servers (errors, names, emails): no control sequence reaches the terminal.
  out_ << TerminalSafe(text, /*keep_line_breaks=*/true);
  out_.flush();
  if (waiting_) DrawStatusLocked();
}

Result<std::string> StreamConsole::ReadLine(std::string_view prompt) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    ClearStatusLocked();
    out_ << prompt;
    out_.flush();
  }
  std::string line;
  if (!std::getline(in_, line)) {
    if (!interactive_) {
      std::lock_guard<std::mutex> lock(mu_);
      out_ << "\n";
    }
    return MakeError(ErrorCode::kInvalidArgument, "end of input: nothing was entered");
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

void StreamConsole::BeginWait(std::string what, Clock::time_point deadline) {
  EndWait();
  std::lock_guard<std::mutex> lock(mu_);
  waiting_ = true;
  what_ = std::move(what);
  deadline_ = deadline;
  if (!interactive_) {
    out_ << "Waiting up to " << TimeLeft(deadline_ - clock_.Now()) << " for " << what_ << "\n";
    out_.flush();
    return;
  }
  DrawStatusLocked();
  // Redraws once a second; display only, nothing waits on it.
  ticker_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mu_);
    while (waiting_) {
      cv_.wait_for(lock, std::chrono::seconds(1));
      if (waiting_) DrawStatusLocked();
    }
  });
}

void StreamConsole::EndWait() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!waiting_) return;
    waiting_ = false;
    ClearStatusLocked();
  }
  cv_.notify_all();
  if (ticker_.joinable()) ticker_.join();
}

void StreamConsole::ClearStatusLocked() {
  if (!status_shown_) return;
  out_ << "\r\033[K";  // carriage return, erase to the end of the line
  out_.flush();
  status_shown_ = false;
}

void StreamConsole::DrawStatusLocked() {
  if (!interactive_) return;
  out_ << "\r\033[KWaiting for " << what_ << " (" << TimeLeft(deadline_ - clock_.Now())
       << " left, Ctrl-C to cancel)";
  out_.flush();
  status_shown_ = true;
}

}  // namespace gauthflow::cli
