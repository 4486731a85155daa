// libgauthflow_net.so: the Poco Net implementations, for programs that load them on first use
// (gauthflow/poco/net_module.h).
#include <memory>
#include <utility>

#include "gauthflow/poco/loopback_redirect_receiver.h"
#include "gauthflow/poco/poco_http_client.h"
#include "net_module_api.h"

namespace {

gauthflow::Result<std::unique_ptr<gauthflow::HttpClient>> MakeHttpClient(
    gauthflow::NetModuleHttpOptions options) {
  gauthflow::PocoHttpClientOptions poco;
  poco.ca_file = std::move(options.ca_file);
  poco.deadline = options.deadline;
  poco.observer = std::move(options.observer);
  auto client = gauthflow::PocoHttpClient::Create(std::move(poco));
  if (!client) return tl::unexpected(client.error());
  return std::unique_ptr<gauthflow::HttpClient>(*std::move(client));
}

std::unique_ptr<gauthflow::RedirectReceiver> MakeLoopbackReceiver(gauthflow::Clock& clock) {
  return std::make_unique<gauthflow::LoopbackRedirectReceiver>(clock);
}

constexpr gauthflow::internal::NetModuleApi kApi{MakeHttpClient, MakeLoopbackReceiver};

}  // namespace

extern "C" __attribute__((visibility("default"))) gauthflow::internal::NetModuleApi const*
gauthflow_net_module_api() {
  return &kApi;
}
