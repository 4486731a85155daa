#include "oauth/violation_log.h"

namespace gauthflow::mockserver {

void ViolationLog::Add(Violation violation) {
  std::lock_guard<std::mutex> lock(mu_);
  if (violations_.size() >= kCapacity) violations_.pop_front();
  violations_.push_back(std::move(violation));
}

std::vector<Violation> ViolationLog::List() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {violations_.begin(), violations_.end()};
}

void ViolationLog::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  violations_.clear();
}

}  // namespace gauthflow::mockserver
