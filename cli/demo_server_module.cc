// libgauthflow_demo.so: the fake Google of `gauthflow demo` (src/demo_server.h).
#include <memory>
#include <sstream>
#include <string>

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "demo_server.h"
#include "gauthflow/mockserver/fake_google_server.h"

namespace gauthflow::cli {
namespace {

std::string MarkAppAuthorized(std::string const& file_json) {
  try {
    Poco::JSON::Parser parser;
    auto object = parser.parse(file_json).extract<Poco::JSON::Object::Ptr>();
    object->set("isAppAuthorized", true);
    std::ostringstream out;
    object->stringify(out);
    return out.str();
  } catch (Poco::Exception const&) {
    return file_json;  // the server reports a bad file itself
  }
}

class EmbeddedDemoServer final : public DemoServer {
 public:
  explicit EmbeddedDemoServer(mockserver::ServerConfig config)
      : server_(std::move(config), std::make_shared<mockserver::SystemClock>()) {}

  bool Start(std::string* error) {
    if (auto started = server_.Start(); !started) {
      *error = started.error().message;
      return false;
    }
    auto const& client = server_.config().clients.front();
    info_.base_url = server_.base_url();
    info_.client_id = client.id;
    info_.client_secret = client.secret;
    info_.redirect_uris = client.redirect_uris;
    info_.user_email = server_.config().users.front().email;
    return true;
  }

  DemoServerInfo const& info() const override { return info_; }

 private:
  mockserver::FakeGoogleServer server_;
  DemoServerInfo info_;
};

}  // namespace
}  // namespace gauthflow::cli

extern "C" __attribute__((visibility("default"))) gauthflow::cli::DemoServer*
gauthflow_start_demo_server(std::string* error) {
  using namespace gauthflow;
  auto config = mockserver::DefaultServerConfig();
  config.host = "127.0.0.1";
  config.port = 0;
  // The device flow may only ask for drive.file (as at Google), which sees the files the app
  // created or opened: mark the demo files so.
  for (auto& [email, files] : config.files_json) {
    for (auto& file : files) file = cli::MarkAppAuthorized(file);
  }
  auto server = std::make_unique<cli::EmbeddedDemoServer>(std::move(config));
  if (!server->Start(error)) return nullptr;
  return server.release();
}
