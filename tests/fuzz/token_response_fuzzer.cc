// ParseTokenResponse and ParseTokenError on arbitrary bodies.

#include <Poco/String.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "gauthflow/token_response.h"

namespace {

using gauthflow::fuzz::Check;

// "never a token": no credential marker of Google's followed by more of the credential. (A
// marker cut short and followed by "..." is an excerpt's ellipsis, not a credential.)
bool ShowsNoCredential(std::string_view message) {
  for (std::string_view marker : {"ya29.", "1//", "4/0", "GOCSPX-"}) {
    for (auto at = message.find(marker); at != std::string_view::npos;
         at = message.find(marker, at + 1)) {
      auto const next = at + marker.size();
      if (next < message.size() && message[next] != '.') return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  auto const body = gauthflow::fuzz::AsText(data, size);
  auto const now = std::chrono::system_clock::time_point(std::chrono::seconds(1'717'243'200));

  auto const response = gauthflow::ParseTokenResponse(body, now);
  if (response) {
    Check(!response->access_token.empty());
    Check(Poco::icompare(response->token_type, std::string("Bearer")) == 0);
    Check(!response->expiry || *response->expiry >= now);
    Check(!response->refresh_token || !response->refresh_token->empty());
    for (auto const& scope : response->scopes) Check(!scope.empty() && scope.find(' ') == std::string::npos);
  } else {
    Check(ShowsNoCredential(response.error().message));
  }

  for (int status : {400, 401, 503}) {
    auto const error = gauthflow::ParseTokenError(status, body, "token endpoint");
    Check(error.http_status == status);
    Check(!error.message.empty());
    Check(ShowsNoCredential(error.message));
  }
  return 0;
}
