#include "fault_table.h"

namespace gauthflow::mockserver {

std::optional<FaultKind> ParseFaultKind(std::string const& name) {
  if (name == "status") return FaultKind::kStatus;
  if (name == "delay") return FaultKind::kDelay;
  if (name == "reset") return FaultKind::kReset;
  if (name == "truncate") return FaultKind::kTruncate;
  if (name == "malformed_json") return FaultKind::kMalformedJson;
  if (name == "rate_limit") return FaultKind::kRateLimit;
  return std::nullopt;
}

std::string FaultKindName(FaultKind kind) {
  switch (kind) {
    case FaultKind::kStatus: return "status";
    case FaultKind::kDelay: return "delay";
    case FaultKind::kReset: return "reset";
    case FaultKind::kTruncate: return "truncate";
    case FaultKind::kMalformedJson: return "malformed_json";
    case FaultKind::kRateLimit: return "rate_limit";
  }
  return "status";
}

void FaultTable::Arm(std::string const& path, Fault fault, int count) {
  if (count <= 0) return;
  std::lock_guard<std::mutex> lock(mu_);
  faults_[path].push_back(Armed{path, std::move(fault), count});
  armed_.fetch_add(1, std::memory_order_release);
}

std::optional<Fault> FaultTable::Take(std::string const& path) {
  if (armed_.load(std::memory_order_acquire) == 0) return std::nullopt;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = faults_.find(path);
  if (it == faults_.end() || it->second.empty()) return std::nullopt;
  Armed& first = it->second.front();
  Fault fault = first.fault;
  if (--first.remaining == 0) {
    it->second.erase(it->second.begin());
    armed_.fetch_sub(1, std::memory_order_release);
    if (it->second.empty()) faults_.erase(it);
  }
  return fault;
}

std::vector<FaultTable::Armed> FaultTable::List() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Armed> out;
  for (auto const& [path, list] : faults_) out.insert(out.end(), list.begin(), list.end());
  return out;
}

void FaultTable::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  faults_.clear();
  armed_.store(0, std::memory_order_release);
}

}  // namespace gauthflow::mockserver
