#ifndef GAUTHFLOW_CLI_SRC_DEMO_SERVER_H_
#define GAUTHFLOW_CLI_SRC_DEMO_SERVER_H_

#include <string>
#include <vector>

namespace gauthflow::cli {

// The fake Google that `gauthflow demo` runs inside the process. It lives in the module
// libgauthflow_demo.so (cli/demo_server_module.cc), loaded by demo alone: linked into
// `gauthflow`, the fake (with PocoJWT, PocoCrypto, libssl and libcrypto) would be loaded and
// relocated at the start of every command (benchmarks/results/flow.md).
struct DemoServerInfo {
  std::string base_url;
  std::string client_id;
  std::string client_secret;
  std::vector<std::string> redirect_uris;
  std::string user_email;
};

class DemoServer {
 public:
  virtual ~DemoServer() = default;  // stops the server
  virtual DemoServerInfo const& info() const = 0;
};

// The module's one export: a started server on 127.0.0.1 (any free port) with the default
// configuration, every file visible to drive.file (for the device flow); or nullptr with the
// reason in `*error`.
inline constexpr char kDemoServerModule[] = "libgauthflow_demo.so";
inline constexpr char kStartDemoServerSymbol[] = "gauthflow_start_demo_server";
using StartDemoServerFunction = DemoServer* (*)(std::string* error);

}  // namespace gauthflow::cli

#endif  // GAUTHFLOW_CLI_SRC_DEMO_SERVER_H_
