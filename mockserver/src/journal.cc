#include "journal.h"

#include <array>
#include <string_view>

namespace gauthflow::mockserver {
namespace {

constexpr std::array<std::string_view, 12> kSecretNames = {
    "code",          "client_secret", "code_verifier", "refresh_token",
    "access_token",  "token",         "id_token",      "device_code",
    "assertion",     "password",      "tx",            "user_code"};

}  // namespace

Params RedactSecrets(Params const& params) {
  Params out = params;
  for (auto& [name, value] : out) {
    for (std::string_view secret : kSecretNames) {
      if (name == secret && !value.empty()) {
        value = "REDACTED";
        break;
      }
    }
  }
  return out;
}

void Journal::Add(JournalEntry entry) {
  std::lock_guard<std::mutex> lock(mu_);
  if (capacity_ == 0) return;
  if (entries_.size() >= capacity_) entries_.pop_front();
  entries_.push_back(std::move(entry));
}

std::vector<JournalEntry> Journal::Entries() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {entries_.begin(), entries_.end()};
}

void Journal::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  entries_.clear();
}

}  // namespace gauthflow::mockserver
