// ParseAuthorizedUser on arbitrary text; what it accepts must survive
// SerializeAuthorizedUser: parse -> serialize -> parse gives the same credentials.

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "gauthflow/authorized_user.h"

namespace {

bool Same(gauthflow::Credentials const& a, gauthflow::Credentials const& b) {
  return a.access_token == b.access_token && a.expiry == b.expiry &&
         a.refresh_token == b.refresh_token && a.scopes == b.scopes &&
         a.token_uri == b.token_uri && a.client_id == b.client_id &&
         a.client_secret == b.client_secret && a.id_token == b.id_token;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  using gauthflow::fuzz::Check;
  auto const parsed = gauthflow::ParseAuthorizedUser(gauthflow::fuzz::AsText(data, size), "fuzz");
  if (!parsed) {
    Check(parsed.error().message.rfind("fuzz", 0) == 0);  // names its source
    return 0;
  }
  // The refresh token is optional (a sign-in that got none, what revoke leaves), never "".
  Check(!parsed->refresh_token || !parsed->refresh_token->empty());
  Check(!parsed->client_id.empty() && !parsed->client_secret.empty());

  std::string const serialized = gauthflow::SerializeAuthorizedUser(*parsed);
  auto const reparsed = gauthflow::ParseAuthorizedUser(serialized, "serialized");
  Check(reparsed.has_value());
  Check(Same(*parsed, *reparsed));
  // The writer is deterministic: a second round gives the same text.
  Check(gauthflow::SerializeAuthorizedUser(*reparsed) == serialized);
  return 0;
}
