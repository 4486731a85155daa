#include "journal.h"

#include <array>
#include <string_view>

namespace gauthflow::mockserver {
namespace {

constexpr std::array<std::string_view, 12> kSecretNames = {
    "code",          "client_secret", "code_verifier", "refresh_token",
    "access_token",  "token",         "id_token",      "device_code",
    "assertion",     "password",      "tx",            "user_code"};

constexpr std::string_view kRedacted = "REDACTED";

std::string_view RedactedValue(std::string_view name, std::string_view value) {
  return !value.empty() && IsSecretParam(name) ? kRedacted : value;
}

// `to` = RedactSecrets(`from`), reusing the strings `to` holds already.
void AssignRedacted(Params const& from, Params& to) {
  to.resize(from.size());
  for (std::size_t i = 0; i < from.size(); ++i) {
    to[i].first.assign(from[i].first);
    to[i].second.assign(RedactedValue(from[i].first, from[i].second));
  }
}

}  // namespace

bool IsSecretParam(std::string_view name) {
  for (std::string_view secret : kSecretNames) {
    if (name == secret) return true;
  }
  return false;
}

Params RedactSecrets(Params const& params) {
  Params out;
  AssignRedacted(params, out);
  return out;
}

void Journal::Add(JournalRecord const& record) {
  std::lock_guard<std::mutex> lock(mu_);
  if (capacity_ == 0) return;
  if (slots_.size() < capacity_) {
    slots_.emplace_back();
    next_ = slots_.size() - 1;
  }
  JournalEntry& slot = slots_[next_];
  slot.method.assign(record.method);
  slot.path.assign(record.path);
  AssignRedacted(record.query, slot.query);
  AssignRedacted(record.form, slot.form);
  slot.auth_scheme.assign(record.auth_scheme);
  slot.status = record.status;
  slot.time = record.time;
  next_ = (next_ + 1) % capacity_;
}

std::vector<JournalEntry> Journal::Entries() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<JournalEntry> out;
  out.reserve(slots_.size());
  // Until the ring is full next_ is slots_.size() (mod capacity_): the order is the slots' own.
  std::size_t const oldest = slots_.size() < capacity_ ? 0 : next_;
  for (std::size_t i = 0; i < slots_.size(); ++i) out.push_back(slots_[(oldest + i) % slots_.size()]);
  return out;
}

void Journal::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  slots_.clear();
  next_ = 0;
}

}  // namespace gauthflow::mockserver
