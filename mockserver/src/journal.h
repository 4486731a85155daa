#ifndef GAUTHFLOW_MOCKSERVER_JOURNAL_H_
#define GAUTHFLOW_MOCKSERVER_JOURNAL_H_

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "request.h"

namespace gauthflow::mockserver {

// One request as the admin API shows it. Secret values are already redacted.
struct JournalEntry {
  std::string method;
  std::string path;
  Params query;
  Params form;
  std::string auth_scheme;  // "Basic", "Bearer" or "" (the credentials themselves never)
  int status = 0;
  std::chrono::system_clock::time_point time{};
};

// What one exchange leaves in the journal, as views of the request: the journal copies it (with
// the secrets redacted) into a slot of its own.
struct JournalRecord {
  std::string_view method;
  std::string_view path;
  Params const& query;
  Params const& form;
  std::string_view auth_scheme;
  int status = 0;
  std::chrono::system_clock::time_point time{};
};

// Whether a parameter of this name carries a secret (codes, tokens, client secrets, PKCE
// verifiers, device codes, transaction ids).
bool IsSecretParam(std::string_view name);

// Replaces the values of parameters that carry secrets with "REDACTED"; names and other values
// stay so that a test can assert what a client sent.
Params RedactSecrets(Params const& params);

// A bounded, thread-safe request log: a ring of `capacity` entries, the oldest overwritten first.
// Adding copies into the overwritten entry's own strings and vectors, so once the ring is full an
// exchange costs no allocation (the token endpoint journals tens of thousands a second); the
// critical section is that copy, never held across a request.
class Journal {
 public:
  explicit Journal(std::size_t capacity) : capacity_(capacity) {}
  void Add(JournalRecord const& record);
  // Oldest first.
  std::vector<JournalEntry> Entries() const;
  void Clear();

 private:
  std::size_t const capacity_;
  mutable std::mutex mu_;
  std::vector<JournalEntry> slots_;  // grows to capacity_, then is reused
  std::size_t next_ = 0;             // the slot written next (the oldest, once full)
};

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_JOURNAL_H_
