#ifndef GAUTHFLOW_TESTS_TESTING_GATE_H_
#define GAUTHFLOW_TESTS_TESTING_GATE_H_

#include <condition_variable>
#include <mutex>

namespace gauthflow::testing {

// Holds whoever calls Wait (a test server's handler, a name lookup) until the test calls Open;
// for the tests of what happens while the other side is stuck.
class Gate {
 public:
  void Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return open_; });
  }
  void Open() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      open_ = true;
    }
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
};

}  // namespace gauthflow::testing

#endif  // GAUTHFLOW_TESTS_TESTING_GATE_H_
