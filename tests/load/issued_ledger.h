#ifndef GAUTHFLOW_TESTS_LOAD_ISSUED_LEDGER_H_
#define GAUTHFLOW_TESTS_LOAD_ISSUED_LEDGER_H_

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>

namespace gauthflow::load {

// Every authorization code, access token and refresh token a server handed out, to see that
// none is handed out twice (RFC 6749 §10.5: codes are single-use; §10.10: tokens must not be
// guessable, so two clients must never receive the same one). Thread-safe.
class IssuedLedger {
 public:
  enum class Kind { kCode, kAccessToken, kRefreshToken };

  // Records `value`; false (and one more duplicate) when this kind of value was seen before.
  bool Record(Kind kind, std::string_view value);

  std::uint64_t duplicates() const;
  std::size_t size(Kind kind) const;

 private:
  std::unordered_set<std::string>& SetFor(Kind kind);
  std::unordered_set<std::string> const& SetFor(Kind kind) const;

  mutable std::mutex mu_;
  std::unordered_set<std::string> codes_;
  std::unordered_set<std::string> access_tokens_;
  std::unordered_set<std::string> refresh_tokens_;
  std::uint64_t duplicates_ = 0;
};

}  // namespace gauthflow::load

#endif  // GAUTHFLOW_TESTS_LOAD_ISSUED_LEDGER_H_
