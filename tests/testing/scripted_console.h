#ifndef GAUTHFLOW_TESTS_TESTING_SCRIPTED_CONSOLE_H_
#define GAUTHFLOW_TESTS_TESTING_SCRIPTED_CONSOLE_H_

#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "gauthflow/console.h"

namespace gauthflow::testing {

// A console that records what the flow printed and answers prompts from a script. An answer
// may be computed from everything printed so far (e.g. to echo back the state in a URL).
class ScriptedConsole : public Console {
 public:
  using Answer = std::function<std::string(std::string const& printed)>;

  void AddAnswer(std::string line) {
    answers_.push_back([line = std::move(line)](std::string const&) { return line; });
  }
  void AddAnswer(Answer answer) { answers_.push_back(std::move(answer)); }

  void Print(std::string_view text) override {
    std::lock_guard<std::mutex> lock(mu_);
    printed_ += text;
  }
  Result<std::string> ReadLine(std::string_view prompt) override {
    std::lock_guard<std::mutex> lock(mu_);
    printed_ += prompt;
    if (answers_.empty()) return MakeError(ErrorCode::kInvalidArgument, "end of input");
    auto answer = std::move(answers_.front());
    answers_.pop_front();
    return answer(printed_);
  }
  std::string Printed() const {
    std::lock_guard<std::mutex> lock(mu_);
    return printed_;
  }

 private:
  mutable std::mutex mu_;
  std::string printed_;
  std::deque<Answer> answers_;
};

}  // namespace gauthflow::testing

#endif  // GAUTHFLOW_TESTS_TESTING_SCRIPTED_CONSOLE_H_
