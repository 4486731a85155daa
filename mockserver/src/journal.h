#ifndef GAUTHFLOW_MOCKSERVER_JOURNAL_H_
#define GAUTHFLOW_MOCKSERVER_JOURNAL_H_

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
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

// Replaces the values of parameters that carry secrets (codes, tokens, client secrets, PKCE
// verifiers, device codes, transaction ids) with "REDACTED"; names and other values stay so
// that a test can assert what a client sent.
Params RedactSecrets(Params const& params);

// A bounded, thread-safe request log. Appending is a short critical section at the end of a
// request, never held across one.
class Journal {
 public:
  explicit Journal(std::size_t capacity) : capacity_(capacity) {}
  void Add(JournalEntry entry);
  std::vector<JournalEntry> Entries() const;
  void Clear();

 private:
  std::size_t const capacity_;
  mutable std::mutex mu_;
  std::deque<JournalEntry> entries_;
};

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_JOURNAL_H_
