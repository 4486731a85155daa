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

#include <Poco/Util/OptionSet.h>
#include <Poco/Util/ServerApplication.h>

#include "cli_docs/server_options.h"
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

class MockServerApplication final : public Poco::Util::ServerApplication {
 protected:
  void defineOptions(Poco::Util::OptionSet& options) override {
    ServerApplication::defineOptions(options);
    gauthflow::mockserver::AddServerOptions(options);
  }

  // --help and --version end option processing: nothing else runs.
  void handleOption(std::string const& name, std::string const& value) override {
    ServerApplication::handleOption(name, value);
    if (name == "help") {
      std::cout << gauthflow::mockserver::ServerHelpText(options());
    } else if (name == "version") {
      std::cout << gauthflow::VersionText("gauthflow-mockserver") << std::endl;
    } else {
      return;
    }
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
  // `man`, `completion bash|zsh`: the documents generated from the options below.
  std::vector<std::string> const words(argv + 1, argv + argc);
  if (!words.empty() && (words.front() == "man" || words.front() == "completion")) {
    auto const doc = gauthflow::mockserver::ServerProgramDoc(
        gauthflow::mockserver::AllServerOptions(), std::string(gauthflow::VersionNumber()));
    if (auto document = gauthflow::cli::DocumentFor(doc, words)) {
      std::cout << *document << std::flush;
      return std::cout ? Poco::Util::Application::EXIT_OK : Poco::Util::Application::EXIT_IOERR;
    }
    std::cerr << "gauthflow-mockserver: usage: gauthflow-mockserver man | completion bash|zsh"
              << std::endl;
    return Poco::Util::Application::EXIT_USAGE;
  }
  MockServerApplication app;
  return app.run(argc, argv);
}
