#include "oauth/code_store.h"

#include "oauth/random_tokens.h"

namespace gauthflow::mockserver {

std::string CodeStore::Issue(AuthRequest const& request, std::string const& user_email) {
  TimePoint const now = clock_.Now();
  std::string code = NewAuthorizationCode();
  CodeRecord record;
  record.request = request;
  record.user_email = user_email;
  record.expiry = now + kCodeLifetime;
  codes_.Insert(code, std::move(record));
  sweep_.CountInsert(codes_, now);
  return code;
}

std::optional<CodeRecord> CodeStore::Find(std::string const& code) const { return codes_.Find(code); }

bool CodeStore::Claim(std::string const& code) {
  return codes_.With(code, [&](CodeRecord* record) {
    if (record == nullptr || record->used) return false;
    record->used = true;
    return true;
  });
}

void CodeStore::AttachGrant(std::string const& code, std::shared_ptr<Grant> const& grant) {
  codes_.With(code, [&](CodeRecord* record) {
    if (record != nullptr) record->grant = grant;
    return true;
  });
}

}  // namespace gauthflow::mockserver
