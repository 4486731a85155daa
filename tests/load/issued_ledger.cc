#include "load/issued_ledger.h"

namespace gauthflow::load {

bool IssuedLedger::Record(Kind kind, std::string_view value) {
  std::lock_guard<std::mutex> lock(mu_);
  bool const inserted = SetFor(kind).emplace(value).second;
  if (!inserted) ++duplicates_;
  return inserted;
}

std::uint64_t IssuedLedger::duplicates() const {
  std::lock_guard<std::mutex> lock(mu_);
  return duplicates_;
}

std::size_t IssuedLedger::size(Kind kind) const {
  std::lock_guard<std::mutex> lock(mu_);
  return SetFor(kind).size();
}

std::unordered_set<std::string>& IssuedLedger::SetFor(Kind kind) {
  switch (kind) {
    case Kind::kCode:
      return codes_;
    case Kind::kAccessToken:
      return access_tokens_;
    case Kind::kRefreshToken:
      break;
  }
  return refresh_tokens_;
}

std::unordered_set<std::string> const& IssuedLedger::SetFor(Kind kind) const {
  return const_cast<IssuedLedger*>(this)->SetFor(kind);
}

}  // namespace gauthflow::load
