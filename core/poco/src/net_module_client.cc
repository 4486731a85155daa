#include "gauthflow/poco/net_module.h"

#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "gauthflow/poco/module_loader.h"
#include "net_module_api.h"

namespace gauthflow {
namespace {

// dlopen is idempotent: every call after the first returns the loaded module's table.
Result<internal::NetModuleApi const*> LoadNetModule() {
  auto getter = LoadModuleSymbol(
      "the network module", ModuleCandidates(GAUTHFLOW_NET_MODULE_NAME,
                                             GAUTHFLOW_MODULE_DIR_FROM_BIN,
                                             {GAUTHFLOW_NET_MODULE_BUILD_PATH,
                                              GAUTHFLOW_NET_MODULE_INSTALL_PATH}),
      internal::kNetModuleApiSymbol);
  if (!getter) return tl::unexpected(getter.error());
  return reinterpret_cast<internal::NetModuleApiGetter>(*getter)();
}

Result<std::unique_ptr<HttpClient>> MakeModuleClient(NetModuleHttpOptions options) {
  auto api = LoadNetModule();
  if (!api) return tl::unexpected(api.error());
  return (*api)->make_http_client(std::move(options));
}

// Makes the module's client on the first Send; a failure to make it is every Send's answer.
class DeferredHttpClient : public HttpClient {
 public:
  explicit DeferredHttpClient(NetModuleHttpOptions options) : options_(std::move(options)) {}

  Result<HttpResponse> Send(HttpRequest const& request) override {
    // Send may run on several threads at once (the demo's scripted browser shares the client);
    // the client itself is thread-safe once made.
    std::call_once(made_, [this] {
      auto client = MakeModuleClient(std::move(options_));
      if (client) {
        client_ = *std::move(client);
      } else {
        failure_ = client.error();
      }
    });
    if (!client_) return tl::unexpected(failure_);
    return client_->Send(request);
  }

 private:
  NetModuleHttpOptions options_;
  std::once_flag made_;
  std::unique_ptr<HttpClient> client_;
  Error failure_{ErrorCode::kUnsupported};
};

// Loads the module when the flow starts listening (a loopback sign-in is under way: the network
// is needed from here on anyway).
class DeferredLoopbackReceiver : public RedirectReceiver {
 public:
  explicit DeferredLoopbackReceiver(Clock& clock) : clock_(clock) {}

  Result<std::string> Listen(LoopbackRedirect const& mode) override {
    if (!receiver_) {
      auto api = LoadNetModule();
      if (!api) return tl::unexpected(api.error());
      receiver_ = (*api)->make_loopback_receiver(clock_);
    }
    return receiver_->Listen(mode);
  }

  Result<std::string> WaitForRedirect(Clock::time_point deadline, RedirectHandler const& handler,
                                      CancellationToken const* cancel) override {
    if (!receiver_) {
      return MakeError(ErrorCode::kInvalidArgument, "WaitForRedirect before Listen");
    }
    return receiver_->WaitForRedirect(deadline, handler, cancel);
  }

  void Close() override {
    if (receiver_) receiver_->Close();
  }

 private:
  Clock& clock_;
  std::unique_ptr<RedirectReceiver> receiver_;
};

}  // namespace

Result<std::unique_ptr<HttpClient>> MakeNetModuleHttpClient(NetModuleHttpOptions options) {
  if (!options.ca_file.empty()) return MakeModuleClient(std::move(options));
  return std::make_unique<DeferredHttpClient>(std::move(options));
}

std::unique_ptr<RedirectReceiver> MakeNetModuleLoopbackReceiver(Clock& clock) {
  return std::make_unique<DeferredLoopbackReceiver>(clock);
}

}  // namespace gauthflow
