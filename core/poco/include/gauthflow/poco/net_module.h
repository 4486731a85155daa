#ifndef GAUTHFLOW_POCO_NET_MODULE_H_
#define GAUTHFLOW_POCO_NET_MODULE_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "gauthflow/clock.h"
#include "gauthflow/http_client.h"
#include "gauthflow/redirect_receiver.h"

namespace gauthflow {

// PocoHttpClient and LoopbackRedirectReceiver as the module libgauthflow_net.so, for a program
// that starts often and needs the network only sometimes. Poco Net is over a third of the
// symbol relocations of a program linked with Poco Foundation, JSON and Net; `gauthflow --help`,
// `--version` and `token` on a valid cached token make no connection, and through these
// factories they do not load it (benchmarks/results/flow.md). Both objects load the module on
// their first use; it stays loaded for the life of the process. Nothing here links Poco Net.

// What a program chooses about its HTTP client (the rest are PocoHttpClientOptions' defaults).
struct NetModuleHttpOptions {
  std::string ca_file{};  // PocoHttpClientOptions::ca_file
  std::chrono::milliseconds deadline = std::chrono::seconds(60);
  std::function<void(HttpRequest const&, Result<HttpResponse> const&)> observer{};
};

// A PocoHttpClient from the module, made on the first Send (thread-safe). A CA file is checked
// at once (PocoHttpClient::Create reports a bad one before any command runs), so with one the
// module is loaded here. When the module does not load or refuses the options, this returns
// that error, or — when deferred — every Send does.
Result<std::unique_ptr<HttpClient>> MakeNetModuleHttpClient(NetModuleHttpOptions options);

// A LoopbackRedirectReceiver from the module, made when Listen is first called; Listen returns
// the module's load error, if any.
std::unique_ptr<RedirectReceiver> MakeNetModuleLoopbackReceiver(Clock& clock);

}  // namespace gauthflow

#endif  // GAUTHFLOW_POCO_NET_MODULE_H_
