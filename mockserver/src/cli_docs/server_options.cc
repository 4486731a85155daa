// gauthflow-mockserver's command line: its options (a Poco OptionSet, bound into the
// configuration that main.cc reads once) and its description for the man page and the
// completions.
#include "cli_docs/server_options.h"

#include <sstream>

#include <Poco/Util/Application.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/ServerApplication.h>

#include "conformance/conformance_command.h"

namespace gauthflow::mockserver {
namespace {

using Poco::Util::Option;

// ServerApplication defines options of its own (--daemon, --umask, --pidfile on POSIX) in a
// protected member: this subclass lists them with ours, as the binary's defineOptions does.
// Constructing it makes it Poco's one Application of the process, briefly.
class OptionLister final : public Poco::Util::ServerApplication {
 public:
  Poco::Util::OptionSet List() {
    Poco::Util::OptionSet options;
    defineOptions(options);
    return options;
  }

 protected:
  void defineOptions(Poco::Util::OptionSet& options) override {
    ServerApplication::defineOptions(options);
    AddServerOptions(options);
  }
};

cli::FlagSpec FlagOf(Option const& option) {
  cli::FlagSpec flag;
  flag.name = option.fullName();
  flag.help = option.description();
  flag.repeatable = option.repeatable();
  if (!option.shortName().empty()) flag.short_name = option.shortName().front();
  if (option.takesArgument()) {
    flag.value_name = option.argumentName();
    flag.value_optional = !option.argumentRequired();
  }
  return flag;
}

}  // namespace

void AddServerOptions(Poco::Util::OptionSet& options) {
  options.addOption(Option("help", "h", "Show this help and exit."));
  options.addOption(Option("version", "", "Print the version and the git commit it was built "
                                          "from, then exit."));
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

Poco::Util::OptionSet AllServerOptions() { return OptionLister().List(); }

std::string ServerHelpText(Poco::Util::OptionSet const& options) {
  Poco::Util::HelpFormatter help(options);
  help.setCommand(kServerProgram);
  help.setUsage("[OPTIONS]");
  help.setHeader("A fake of Google's OAuth 2.0 endpoints and Drive v3 for tests and CI.");
  std::ostringstream out;
  help.format(out);
  return out.str();
}

cli::ProgramDoc ServerProgramDoc(Poco::Util::OptionSet const& options, std::string version) {
  cli::ProgramDoc doc;
  doc.name = kServerProgram;
  doc.version = std::move(version);
  doc.summary = "a fake Google OAuth 2.0 and Drive v3 server for tests and CI";
  doc.description = {
      "gauthflow-mockserver serves Google's authorization, token, device, revoke, tokeninfo, "
      "userinfo, OpenID discovery, JWKS and Drive v3 endpoints on Google's paths, with Google's "
      "parameters, JSON shapes and error messages, plus an admin API under /__admin/ (journal, "
      "clock, faults, seeding, violations). It prints its base URL as the first line of its "
      "output, then serves until it is stopped.",
      "With the conformance command it runs an application against fresh fakes, one per "
      "scenario, and grades its sign-in against RFC 8252, RFC 7636 and RFC 9700.",
  };
  doc.command_optional = true;
  for (auto const& option : options) doc.global_flags.push_back(FlagOf(option));
  doc.commands.push_back({.name = "conformance",
                          .summary = conformance::kConformanceSummary,
                          .arguments = conformance::kConformanceArguments,
                          .description = conformance::kConformanceDescription,
                          .flags = conformance::ConformanceFlags()});
  auto documents = cli::DocumentCommands(kServerProgram);
  doc.commands.insert(doc.commands.end(), documents.begin(), documents.end());
  using Poco::Util::Application;
  doc.exit_statuses = {
      {Application::EXIT_OK,
       "stopped by SIGINT or SIGTERM, or --help; conformance: no MUST failed"},
      {conformance::kConformanceFailed,
       "conformance: a MUST failed, or the application could not run"},
      {conformance::kConformanceUsage, "conformance: bad flags"},
      {Application::EXIT_USAGE, "bad options or configuration (EX_USAGE)"},
      {Application::EXIT_SOFTWARE,
       "the server could not start, e.g. the port is in use (EX_SOFTWARE)"},
  };
  doc.environment = {
      {"TMPDIR", "where conformance makes its scenarios' directories (default /tmp)"},
  };
  doc.see_also = {"gauthflow(1)"};
  return doc;
}

}  // namespace gauthflow::mockserver
