#ifndef GAUTHFLOW_MOCKSERVER_OAUTH_VIOLATION_LOG_H_
#define GAUTHFLOW_MOCKSERVER_OAUTH_VIOLATION_LOG_H_

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace gauthflow::mockserver {

// A protocol violation a client committed: things Google tolerates (or used to) but that the
// RFCs and Google's own guidance say not to do.
struct Violation {
  std::string kind;  // no_pkce, plain_pkce, no_state, reused_code, localhost_redirect,
                     // insecure_redirect
  std::string client_id;
  std::string detail;
  std::chrono::system_clock::time_point time{};
};

// The violations seen, oldest first. Bounded like the journal (a client without PKCE in a
// loop adds one per authorization): beyond kCapacity the oldest are dropped.
class ViolationLog {
 public:
  static constexpr std::size_t kCapacity = 10'000;

  void Add(Violation violation);
  std::vector<Violation> List() const;
  void Clear();

 private:
  mutable std::mutex mu_;
  std::deque<Violation> violations_;
};

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_OAUTH_VIOLATION_LOG_H_
