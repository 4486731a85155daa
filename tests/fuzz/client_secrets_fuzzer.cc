// ParseClientSecrets on arbitrary text.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"
#include "gauthflow/client_secrets.h"

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  using gauthflow::fuzz::Check;
  auto const secrets = gauthflow::ParseClientSecrets(gauthflow::fuzz::AsText(data, size), "fuzz.json");
  if (secrets) {
    Check(!secrets->client_id.empty());
    Check(!secrets->client_secret.empty());
    Check(!secrets->auth_uri.empty());
    Check(!secrets->token_uri.empty());
  } else {
    // Every error names its source.
    Check(std::string_view(secrets.error().message).substr(0, 9) == "fuzz.json");
  }
  return 0;
}
