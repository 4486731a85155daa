// gauthflow-mockserver: the fake Google server as a standalone process.
// Options are bound once into the configuration, turned into an immutable ServerConfig in
// main(), and nothing else reads Application::instance().
#include <fstream>
#include <iostream>
#include <sstream>

#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>
#include <Poco/Util/ServerApplication.h>

#include "gauthflow/mockserver/fake_google_server.h"
#include "gauthflow/mockserver/server_config.h"

namespace {

using gauthflow::mockserver::ServerConfig;
using Poco::Util::Option;

class MockServerApplication final : public Poco::Util::ServerApplication {
 protected:
  void defineOptions(Poco::Util::OptionSet& options) override {
    ServerApplication::defineOptions(options);
    options.addOption(Option("help", "h", "Show this help and exit.")
                          .callback(Poco::Util::OptionCallback<MockServerApplication>(
                              this, &MockServerApplication::HandleHelp)));
    options.addOption(Option("host", "", "Address to listen on (default 127.0.0.1).")
                          .argument("HOST").binding("mock.host"));
    options.addOption(Option("port", "", "Port to listen on; 0 picks a free one (default 0).")
                          .argument("PORT").binding("mock.port"));
    options.addOption(Option("config", "", "JSON file with clients, users and Drive files.")
                          .argument("FILE").binding("mock.config"));
    options.addOption(Option("auto-approve", "", "Skip the consent page and approve at once as USER "
                                                 "(default: the first user).")
                          .argument("USER", false).binding("mock.auto_approve"));
    options.addOption(Option("tls-cert", "", "PEM certificate: serve HTTPS (with --tls-key).")
                          .argument("FILE").binding("mock.tls_cert"));
    options.addOption(Option("tls-key", "", "PEM private key for --tls-cert.")
                          .argument("FILE").binding("mock.tls_key"));
    options.addOption(Option("oob-blocked", "", "Answer out-of-band redirect URIs with Google's "
                                                "\"OOB flow has been blocked\" error (since 2023-01-31).")
                          .binding("mock.oob_blocked").noArgument());
    options.addOption(Option("id-token-issuer", "", "The iss of id_tokens and the discovery "
                                                    "issuer (default: the base URL), e.g. "
                                                    "https://accounts.google.com.")
                          .argument("ISSUER").binding("mock.id_token_issuer"));
    options.addOption(Option("public-url", "", "The base URL to advertise (discovery, id_token "
                                               "iss, verification_url) when clients reach the "
                                               "server by another address than it binds, e.g. "
                                               "http://mockserver:8080 in a container.")
                          .argument("URL").binding("mock.public_url"));
    options.addOption(Option("generate-files", "", "Add N deterministic synthetic Drive files for the "
                                                   "first user.")
                          .argument("N").binding("mock.generate_files"));
    options.addOption(Option("threads", "", "Worker threads (default 8).")
                          .argument("N").binding("mock.threads"));
  }

  void HandleHelp(std::string const&, std::string const&) {
    Poco::Util::HelpFormatter help(options());
    help.setCommand(commandName());
    help.setUsage("[OPTIONS]");
    help.setHeader("A fake of Google's OAuth 2.0 endpoints and Drive v3 for tests and CI.");
    help.format(std::cout);
    help_ = true;
    stopOptionsProcessing();
  }

  // Reads the bound options once into the immutable config. An error message on bad input.
  std::string BuildConfig(ServerConfig& config) {
    config = gauthflow::mockserver::DefaultServerConfig();
    auto& c = this->config();
    config.host = c.getString("mock.host", config.host);
    try {
      config.port = c.getInt("mock.port", 0);
      config.threads = c.getInt("mock.threads", config.threads);
      config.generate_files = c.getInt("mock.generate_files", 0);
    } catch (Poco::Exception const& e) {
      return "bad number: " + e.displayText();
    }
    if (config.port < 0 || config.port > 65535) return "--port must be 0..65535";
    if (config.generate_files < 0) return "--generate-files must not be negative";
    if (c.has("mock.config")) {
      std::string path = c.getString("mock.config");
      std::ifstream in(path);
      if (!in) return "cannot read --config file " + path;
      std::stringstream text;
      text << in.rdbuf();
      auto parsed = gauthflow::mockserver::ParseServerConfig(text.str(), path, config);
      if (!parsed) return parsed.error();
      config = std::move(*parsed);
    }
    if (c.has("mock.auto_approve")) config.auto_approve_user = c.getString("mock.auto_approve");
    config.oob_blocked = c.has("mock.oob_blocked");
    config.id_token_issuer = c.getString("mock.id_token_issuer", "");
    config.public_url = c.getString("mock.public_url", "");
    config.tls_cert_file = c.getString("mock.tls_cert", "");
    config.tls_key_file = c.getString("mock.tls_key", "");
    return "";
  }

  int main(std::vector<std::string> const&) override {
    if (help_) return EXIT_OK;
    ServerConfig config;
    if (std::string error = BuildConfig(config); !error.empty()) {
      std::cerr << "gauthflow-mockserver: " << error << std::endl;
      return EXIT_USAGE;
    }
    gauthflow::mockserver::FakeGoogleServer server(config,
                                                   std::make_shared<gauthflow::mockserver::SystemClock>());
    auto started = server.Start();
    if (!started) {
      std::cerr << "gauthflow-mockserver: " << started.error().message << std::endl;
      return EXIT_SOFTWARE;
    }
    // The first line is the base URL, for scripts and tests that start the server on port 0.
    std::cout << server.base_url() << std::endl;
    std::cout << gauthflow::mockserver::DescribeServerConfig(config)
              << "admin API: " << server.base_url() << "/__admin/\n"
              << "Ctrl-C to stop." << std::endl;
    waitForTerminationRequest();
    server.Stop();
    return EXIT_OK;
  }

 private:
  bool help_ = false;
};

}  // namespace

int main(int argc, char** argv) {
  MockServerApplication app;
  return app.run(argc, argv);
}
