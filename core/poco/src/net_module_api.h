#ifndef GAUTHFLOW_POCO_SRC_NET_MODULE_API_H_
#define GAUTHFLOW_POCO_SRC_NET_MODULE_API_H_

#include <memory>

#include "gauthflow/poco/net_module.h"

namespace gauthflow::internal {

// The one export of libgauthflow_net.so (core/poco/net/): its factories. The module and the
// programs that load it are built together, so C++ types cross the boundary as they are.
struct NetModuleApi {
  Result<std::unique_ptr<HttpClient>> (*make_http_client)(NetModuleHttpOptions options);
  std::unique_ptr<RedirectReceiver> (*make_loopback_receiver)(Clock& clock);
};
inline constexpr char kNetModuleApiSymbol[] = "gauthflow_net_module_api";
using NetModuleApiGetter = NetModuleApi const* (*)();

}  // namespace gauthflow::internal

#endif  // GAUTHFLOW_POCO_SRC_NET_MODULE_API_H_
