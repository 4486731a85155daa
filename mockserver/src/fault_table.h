#ifndef GAUTHFLOW_MOCKSERVER_FAULT_TABLE_H_
#define GAUTHFLOW_MOCKSERVER_FAULT_TABLE_H_

#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace gauthflow::mockserver {

enum class FaultKind {
  kStatus,         // answer `status` with a Google-shaped error body
  kDelay,          // wait `delay_ms`, then answer normally
  kReset,          // close the connection without an answer (TCP RST)
  kTruncate,       // send the normal answer's headers and half of its body, then close
  kMalformedJson,  // 200 with a body that is not valid JSON
  kRateLimit,      // 429 with Retry-After
};

std::optional<FaultKind> ParseFaultKind(std::string const& name);
std::string FaultKindName(FaultKind kind);

struct Fault {
  FaultKind kind = FaultKind::kStatus;
  int status = 503;
  std::string error;    // "" = a default fitting the status
  std::string message;  // "" = a default fitting the status
  int delay_ms = 0;
  int retry_after_seconds = 1;
};

// Faults armed for the next N requests to an exact path. Checking is a single atomic load when
// nothing is armed, so the hot paths pay nothing in the common case.
class FaultTable {
 public:
  void Arm(std::string const& path, Fault fault, int count);
  std::optional<Fault> Take(std::string const& path);
  struct Armed {
    std::string path;
    Fault fault;
    int remaining = 0;
  };
  std::vector<Armed> List() const;
  void Clear();

 private:
  std::atomic<int> armed_{0};
  mutable std::mutex mu_;
  std::map<std::string, std::vector<Armed>> faults_;  // per path, in arming order
};

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_FAULT_TABLE_H_
