// gauthflow-mockserver: the fake Google server as a standalone process.
// Options are bound once into the configuration, turned into an immutable ServerConfig in
// main(), and nothing else reads Application::instance().
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>
#include <tuple>

#include <Poco/NumberParser.h>

#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>
#include <Poco/Util/ServerApplication.h>

#include "conformance/conformance_command.h"
#include "gauthflow/version.h"
#include "gauthflow/mockserver/fake_google_server.h"
#include "gauthflow/mockserver/server_config.h"

namespace {

using gauthflow::mockserver::ServerConfig;

// Each connection is a descriptor, and the usual soft limit (1024) is far below the default
// --max-connections: raise the soft limit to the hard one, as nginx's worker_rlimit_nofile
// does. Says what it did, for the start-up summary.
std::string RaiseOpenFileLimit(int max_connections) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return "open-file limit unknown";
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  std::string text = "open-file limit " + std::to_string(limit.rlim_cur);
  if (limit.rlim_cur != RLIM_INFINITY &&
      limit.rlim_cur < static_cast<rlim_t>(max_connections) + 64) {
    std::cerr << "gauthflow-mockserver: warning: the open-file limit (" << limit.rlim_cur
              << ") is below --max-connections (" << max_connections
              << "); connections beyond it wait in the backlog" << std::endl;
  }
  return text;
}
using Poco::Util::Option;

class MockServerApplication final : public Poco::Util::ServerApplication {
 protected:
  void defineOptions(Poco::Util::OptionSet& options) override {
    ServerApplication::defineOptions(options);
    options.addOption(Option("help", "h", "Show this help and exit.")
                          .callback(Poco::Util::OptionCallback<MockServerApplication>(
                              this, &MockServerApplication::HandleHelp)));
    options.addOption(Option("version", "", "Print the version and the git commit it was built "
                                            "from, then exit.")
                          .callback(Poco::Util::OptionCallback<MockServerApplication>(
                              this, &MockServerApplication::HandleVersion)));
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
    options.addOption(Option("threads", "", "Serving threads: event loops that read, write and "
                                            "run requests (default 2). Connections need no thread.")
                          .argument("N").binding("mock.threads"));
    options.addOption(Option("max-connections", "", "Connections held at once (default 16384); "
                                                    "beyond, a 503 naming the limit, then close.")
                          .argument("N").binding("mock.max_connections"));
    options.addOption(Option("header-timeout", "", "Seconds from connect (or from a request's first "
                                                   "byte) to the end of its headers (default 30); "
                                                   "then 408 and close.")
                          .argument("SECONDS").binding("mock.header_timeout"));
    options.addOption(Option("idle-timeout", "", "Seconds a keep-alive connection may wait between "
                                                 "requests (default 60); then it is closed.")
                          .argument("SECONDS").binding("mock.idle_timeout"));
    options.addOption(Option("body-timeout", "", "Seconds from the end of the headers to the end of "
                                                 "the body (default 30); then 408 and close.")
                          .argument("SECONDS").binding("mock.body_timeout"));
    options.addOption(Option("write-timeout", "", "Seconds a client may leave an answer unread "
                                                  "(default 30); then the connection is closed.")
                          .argument("SECONDS").binding("mock.write_timeout"));
    options.addOption(Option("max-body-bytes", "", "Largest request body (default 65536); larger: 413.")
                          .argument("N").binding("mock.max_body_bytes"));
  }

  void HandleVersion(std::string const&, std::string const&) {
    std::cout << gauthflow::VersionText("gauthflow-mockserver") << std::endl;
    help_ = true;  // like --help: nothing else runs
    stopOptionsProcessing();
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

  // A duration flag in seconds (fractions allowed, e.g. 0.2), into `out`. An error or "".
  std::string ReadSeconds(std::string const& key, std::string const& flag,
                          std::chrono::milliseconds& out) {
    if (!config().has(key)) return "";
    double seconds = 0;
    if (!Poco::NumberParser::tryParseFloat(config().getString(key), seconds) ||
        !std::isfinite(seconds) || seconds <= 0 || seconds > 86'400) {
      return "--" + flag + " must be a number of seconds in (0, 86400]";
    }
    out = std::chrono::milliseconds(static_cast<long long>(std::ceil(seconds * 1000)));
    return "";
  }

  std::string ReadLimits(gauthflow::mockserver::ServerLimits& limits) {
    auto& c = this->config();
    try {
      limits.max_connections = c.getInt("mock.max_connections", limits.max_connections);
      limits.max_body_bytes = static_cast<std::size_t>(
          c.getUInt64("mock.max_body_bytes", limits.max_body_bytes));
    } catch (Poco::Exception const& e) {
      return "bad number: " + e.displayText();
    }
    if (limits.max_connections < 1) return "--max-connections must be at least 1";
    for (auto [key, flag, field] :
         {std::tuple{"mock.header_timeout", "header-timeout", &limits.header_timeout},
          std::tuple{"mock.idle_timeout", "idle-timeout", &limits.idle_timeout},
          std::tuple{"mock.body_timeout", "body-timeout", &limits.body_timeout},
          std::tuple{"mock.write_timeout", "write-timeout", &limits.write_timeout}}) {
      if (std::string error = ReadSeconds(key, flag, *field); !error.empty()) return error;
    }
    return "";
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
    if (std::string error = ReadLimits(config.limits); !error.empty()) return error;
    if (config.generate_files < 0 || config.generate_files > gauthflow::mockserver::kMaxGeneratedFiles) {
      return "--generate-files must be between 0 and " +
             std::to_string(gauthflow::mockserver::kMaxGeneratedFiles);
    }
    if (config.threads < 1) return "--threads must be at least 1";
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
    std::string const descriptors = RaiseOpenFileLimit(config.limits.max_connections);
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
              << "serving: " << config.threads << " threads, up to "
              << config.limits.max_connections << " connections; " << descriptors << "\n"
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
  // `gauthflow-mockserver conformance ...` grades an application against fresh fakes.
  if (argc > 1 && std::string(argv[1]) == "conformance") {
    return gauthflow::mockserver::conformance::RunConformanceCommand(
        std::vector<std::string>(argv + 2, argv + argc), "/proc/self/exe", std::cout, std::cerr);
  }
  MockServerApplication app;
  return app.run(argc, argv);
}
