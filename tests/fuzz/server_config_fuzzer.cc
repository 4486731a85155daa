// The mock server's --config document: ParseServerConfig on arbitrary text, over the defaults.

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "gauthflow/mockserver/server_config.h"

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  namespace ms = gauthflow::mockserver;
  using gauthflow::fuzz::Check;
  static ms::ServerConfig const kDefaults = ms::DefaultServerConfig();
  auto const config = ms::ParseServerConfig(std::string(gauthflow::fuzz::AsText(data, size)),
                                            "fuzz.json", kDefaults);
  if (!config) {
    Check(config.error().rfind("fuzz.json", 0) == 0);  // names its source
    return 0;
  }
  Check(!config->clients.empty() && !config->users.empty());
  for (auto const& client : config->clients) Check(!client.id.empty());
  for (auto const& user : config->users) Check(!user.email.empty());
  Check(!ms::DescribeServerConfig(*config).empty());
  return 0;
}
