#include "conformance/scenario_runner.h"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "conformance/admin_client.h"
#include "conformance/app_process.h"
#include "conformance/device_person.h"
#include "conformance/paste_person.h"
#include "gauthflow/browser/browser_process.h"
#include "gauthflow/browser/listening_sockets.h"
#include "gauthflow/mockserver/fake_google_server.h"

namespace gauthflow::mockserver::conformance {
namespace {

constexpr char kUser[] = "alice@example.com";
constexpr char kAttacker[] = "mallory@example.com";
// Past the fake's access-token lifetime (3599 s) with room to spare, short of the refresh
// token's.
constexpr auto kPastAccessTokenExpiry = std::chrono::seconds(2 * 3600);
// After the application exits, how long its browser may still take to write its report.
constexpr auto kBrowserReportGrace = std::chrono::seconds(10);
constexpr auto kPoll = std::chrono::milliseconds(20);

std::string RandomHex(std::size_t bytes) {
  std::random_device random;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < bytes; ++i) {
    auto const b = random() & 0xff;
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

bool Exists(std::string const& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0;
}

std::string ReadFile(std::string const& path, std::size_t limit) {
  std::ifstream in(path, std::ios::binary);
  std::string text(limit, '\0');
  in.read(text.data(), static_cast<std::streamsize>(limit));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

// Google's Desktop-app download, pointed at the fake.
std::string ClientSecretJson(std::string const& base, ClientConfig const& client) {
  Poco::JSON::Object installed(Poco::JSON_PRESERVE_KEY_ORDER);
  installed.set("client_id", client.id);
  installed.set("project_id", "gauthflow-conformance");
  installed.set("auth_uri", base + "/o/oauth2/auth");
  installed.set("token_uri", base + "/token");
  installed.set("auth_provider_x509_cert_url", base + "/oauth2/v1/certs");
  installed.set("client_secret", client.secret);
  Poco::JSON::Array redirects;
  redirects.add("http://localhost");
  installed.set("redirect_uris", redirects);
  Poco::JSON::Object root;
  root.set("installed", installed);
  std::ostringstream out;
  root.stringify(out, 2);
  return out.str();
}

ServerConfig ConformanceConfig(Scenario const& scenario, RunnerOptions const& options) {
  ServerConfig config = DefaultServerConfig();
  config.oob_blocked = scenario.oob_blocked;
  config.tls_cert_file = options.tls_cert_file;
  config.tls_key_file = options.tls_key_file;
  config.host = "127.0.0.1";
  config.port = 0;
  config.threads = 2;
  UserConfig attacker;
  attacker.email = kAttacker;
  attacker.name = "Mallory Attacker";
  attacker.given_name = "Mallory";
  attacker.family_name = "Attacker";
  config.users.push_back(attacker);
  return config;
}

bool AnyAuthorizationRequest(std::vector<SeenRequest> const& journal) {
  return std::any_of(journal.begin(), journal.end(), [](SeenRequest const& r) {
    return r.path == "/o/oauth2/auth" || r.path == "/o/oauth2/v2/auth";
  });
}

// Samples the redirect listener while the application runs, from the end of the browser's
// visit (its report appears) to the application's exit.
class ListenerWatch {
 public:
  explicit ListenerWatch(std::string report_path) : report_path_(std::move(report_path)) {}

  void Tick(int process_group) {
    if (closed_ || port_ < 0) return;
    auto const now = Now();
    if (port_ == 0) {
      if (!Exists(report_path_)) return;
      auto report = ParseBrowserReport(ReadFile(report_path_, 1 << 20));
      port_ = report && report->redirect_port > 0 ? report->redirect_port : -1;
      if (port_ < 0) return;
      visit_ended_ = now;
      auto const listening = browser::ReadListeningSockets(port_);
      auto const owned = browser::SocketInodesOfProcessGroup(process_group);
      for (auto const& socket : listening) {
        if (owned.count(socket.inode)) watched_.insert(socket.inode);
      }
      application_owned_ = !watched_.empty();
      if (watched_.empty()) {
        // Not the application's (a helper outside its group, or no /proc/PID/fd access):
        // whatever listens on the port stands for it.
        for (auto const& socket : listening) watched_.insert(socket.inode);
      }
      if (watched_.empty()) {
        closed_ = true;
        before_visit_end_ = true;
        closed_at_ = now;
        return;
      }
      last_open_ = now;
      return;
    }
    if (StillListening()) {
      last_open_ = now;
    } else {
      closed_ = true;
      closed_at_ = now;
    }
  }

  // After the application exited at `exited_at` (system clock).
  void Finish(RunObservation& run, std::chrono::system_clock::time_point exited_at) {
    if (port_ == 0 && Exists(report_path_)) {
      // The report came after the exit: the listener can only be seen still open, or not.
      auto report = ParseBrowserReport(ReadFile(report_path_, 1 << 20));
      if (report && report->redirect_port > 0 && !browser::ReadListeningSockets(report->redirect_port).empty()) {
        run.listener_open_at_exit = true;
      }
      return;
    }
    if (port_ <= 0) return;
    ListenerClosing closing;
    closing.application_owned = application_owned_;
    if (!closed_) {
      if (StillListening()) {
        run.listener_open_at_exit = true;  // held by a process that outlived the application
        return;
      }
      closing.with_exit = true;
      closed_at_ = std::max(exited_at, last_open_);
    }
    closing.before_visit_end = before_visit_end_;
    closing.after_visit_at_least = Since(before_visit_end_ ? visit_ended_ : last_open_);
    closing.after_visit_at_most = Since(closed_at_);
    auto const epoch_ms = [](std::chrono::system_clock::time_point at) {
      return std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
    };
    closing.open_at_epoch_ms = before_visit_end_ ? 0 : epoch_ms(last_open_);
    closing.closed_by_epoch_ms = epoch_ms(closed_at_);
    run.listener_closing = closing;
  }

 private:
  static std::chrono::system_clock::time_point Now() { return std::chrono::system_clock::now(); }
  std::chrono::milliseconds Since(std::chrono::system_clock::time_point at) const {
    return std::max(std::chrono::milliseconds(0),
                    std::chrono::duration_cast<std::chrono::milliseconds>(at - visit_ended_));
  }
  bool StillListening() const {
    auto const listening = browser::ReadListeningSockets(port_);
    return std::any_of(listening.begin(), listening.end(),
                       [&](browser::ListeningSocket const& s) { return watched_.count(s.inode) > 0; });
  }

  std::string report_path_;
  int port_ = 0;  // 0: not known yet; -1: the report has none
  std::set<unsigned long long> watched_;  // the listening sockets' inodes
  bool application_owned_ = false;
  bool closed_ = false;
  bool before_visit_end_ = false;
  std::chrono::system_clock::time_point visit_ended_{};
  std::chrono::system_clock::time_point last_open_{};
  std::chrono::system_clock::time_point closed_at_{};
};

}  // namespace

ScenarioObservation RunScenario(Scenario const& scenario, RunnerOptions const& options) {
  ScenarioObservation observation;
  observation.scenario = scenario;
  observation.timeout = options.timeout;

  ServerConfig const config = ConformanceConfig(scenario, options);
  FakeGoogleServer server(config, std::make_shared<SystemClock>());
  if (auto started = server.Start(); !started) {
    observation.runner_error = "the fake did not start: " + started.error().message;
    return observation;
  }
  std::string const base = server.base_url();
  AdminClient const admin(base, options.tls_cert_file);
  ClientConfig const& client = config.clients.front();

  std::string const work = options.work_root + "/" + scenario.name;
  std::string const home = work + "/home";
  ::mkdir(work.c_str(), 0700);
  ::mkdir(home.c_str(), 0700);
  std::string const secrets_path = work + "/client_secret.json";
  {
    std::ofstream file(secrets_path, std::ios::trunc);
    file << ClientSecretJson(base, client);
    if (!file) {
      observation.runner_error = "cannot write " + secrets_path;
      return observation;
    }
  }
  std::string const forged_state = "forged-" + RandomHex(16);
  std::size_t journal_seen = 0;
  std::size_t violations_seen = 0;

  for (int index = 1; index <= scenario.runs; ++index) {
    bool const graded = index == scenario.runs;
    if (index > 1) {
      Outcome<void> prepared;
      if (scenario.between_runs == BetweenRuns::kExpireAccessToken) {
        prepared = admin.AdvanceClock(kPastAccessTokenExpiry);
      } else if (scenario.between_runs == BetweenRuns::kRevokeEverything) {
        prepared = admin.Reset();
        journal_seen = 0;
        violations_seen = 0;
      }
      if (!prepared) {
        observation.runner_error = prepared.error();
        break;
      }
    }
    if (graded) {
      std::vector<FaultSpec> faults = scenario.faults;
      if (scenario.slow_token_endpoint) {
        FaultSpec slow;
        slow.kind = "delay";
        // Longer than the runner waits, within the fault table's range.
        slow.delay_ms = static_cast<int>(std::min<long long>(600'000, (options.timeout.count() + 30) * 1000));
        faults.push_back(slow);
      }
      for (auto const& fault : faults) {
        if (auto armed = admin.ArmFault(fault); !armed) {
          observation.runner_error = armed.error();
          break;
        }
      }
      if (!observation.runner_error.empty()) break;
    }

    std::string const report_path = work + "/browser-run" + std::to_string(index) + ".json";
    AppCommand command;
    command.argv = options.command;
    command.working_directory = work;
    command.output_path = work + "/output-run" + std::to_string(index) + ".txt";
    command.timeout = options.timeout;
    command.environment = {
        {kClientSecretsVariable, secrets_path},
        {kEndpointBaseVariable, base},
        {kCredentialsVariable, work + "/credentials.json"},
        {"GAUTHFLOW_AUTH_URI", base + "/o/oauth2/auth"},
        {"GAUTHFLOW_TOKEN_URI", base + "/token"},
        {"GAUTHFLOW_REVOKE_URI", base + "/revoke"},
        {"GAUTHFLOW_DEVICE_AUTHORIZATION_URI", base + "/device/code"},
        {"GAUTHFLOW_USERINFO_URI", base + "/v1/userinfo"},
        {"GAUTHFLOW_DRIVE_URI", base + "/drive/v3/"},
        {"GAUTHFLOW_DRIVE_DISCOVERY_URI", base + "/discovery/v1/apis/drive/v3/rest"},
        {"GAUTHFLOW_CONFORMANCE_SCENARIO", scenario.name},
        {"GAUTHFLOW_CONFORMANCE_RUN", std::to_string(index)},
        {"HOME", home},
        {"XDG_CONFIG_HOME", home + "/.config"},
        {"BROWSER", options.browser_program},
        {browser::kDecisionVariable, scenario.allow ? "allow" : "deny"},
        {browser::kAccountVariable, kUser},
        {browser::kReportVariable, report_path},
        {browser::kDeadlineVariable, std::to_string(options.timeout.count())},
    };
    if (!options.tls_cert_file.empty()) {
      for (char const* name : {kCaFileVariable, "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE",
                               browser::kCaFileVariable}) {
        command.environment.emplace_back(name, options.tls_cert_file);
      }
    }
    if (scenario.forged_callback_first && index == 1) {
      command.environment.emplace_back(browser::kForgedStateVariable, forged_state);
      command.environment.emplace_back(browser::kForgedAccountVariable, kAttacker);
    }

    RunObservation run;
    ListenerWatch watch(report_path);
    bool const device = scenario.modes == std::vector<std::string>{"device"};
    bool const paste = scenario.modes == std::vector<std::string>{"paste"};
    command.typed_stdin = paste;
    DevicePerson person(admin, scenario.device_user, kUser);
    bool const forge = scenario.forged_callback_first && index == 1;
    PastePerson paster(command.output_path, base, options.tls_cert_file, kUser, forge ? forged_state : "",
                       forge ? kAttacker : "");
    run.app = RunApp(command, [&](int process_group) -> std::optional<std::string> {
      watch.Tick(process_group);
      if (device) person.Tick();
      return paste ? paster.Tick() : std::nullopt;
    });
    run.url_printed = paster.found_url();
    run.paste_error = paster.error();
    if (paste && paster.typed()) {
      // What the person pasted, in the browser report's terms, for the checks and the probe.
      BrowserReport pasted;
      pasted.redirect_uri = paster.redirect_uri();
      if (forge) {
        pasted.forged_state = forged_state;
        pasted.forged_code = paster.forged_code();
      }
      run.browser = pasted;
    }
    auto const exited_at = std::chrono::system_clock::now();
    run.device_user_code = person.user_code();
    if (!person.error().empty()) {
      observation.runner_error = "the device user could not act: " + person.error();
      KillProcessGroup(run.app.process_group);
      break;
    }

    // The browser runs beside the application, in its process group: it may still be on its
    // way to the fake (an application that gave up at once, e.g. on an OOB prompt reading
    // /dev/null) or writing its report. Wait for the report while the group lives, bounded.
    {
      auto const until = std::chrono::steady_clock::now() + kBrowserReportGrace;
      while (!Exists(report_path) && ProcessGroupAlive(run.app.process_group) &&
             std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(kPoll);
      }
    }
    auto journal = admin.Journal();
    if (!journal) {
      observation.runner_error = journal.error();
      KillProcessGroup(run.app.process_group);
      break;
    }
    run.browser_opened = AnyAuthorizationRequest(
        std::vector<SeenRequest>(journal->begin() + static_cast<long>(std::min(journal_seen, journal->size())),
                                 journal->end()));
    watch.Finish(run, exited_at);
    KillProcessGroup(run.app.process_group);
    if (!paste && Exists(report_path)) {
      if (auto report = ParseBrowserReport(ReadFile(report_path, 1 << 20)); report) run.browser = *report;
    }
    // Whatever the browser did after the report also counts: read the journal again.
    journal = admin.Journal();
    auto violations = admin.Violations();
    if (!journal || !violations) {
      observation.runner_error = !journal ? journal.error() : violations.error();
      break;
    }
    run.journal.assign(journal->begin() + static_cast<long>(std::min(journal_seen, journal->size())),
                       journal->end());
    run.violations.assign(
        violations->begin() + static_cast<long>(std::min(violations_seen, violations->size())),
        violations->end());
    journal_seen = journal->size();
    violations_seen = violations->size();
    observation.runs.push_back(std::move(run));
    if (!observation.runs.back().app.started) break;  // a second run would fail the same way
  }

  if (scenario.forged_callback_first && !observation.runs.empty()) {
    auto const& first = observation.runs.front();
    if (first.browser && !first.browser->forged_code.empty()) {
      auto probe = admin.RedeemCode(first.browser->forged_code, first.browser->redirect_uri, client.id,
                                    client.secret);
      if (probe) {
        observation.forged_code_probe = *probe;
      } else {
        observation.runner_error = probe.error();
      }
    }
  }
  server.Stop();
  return observation;
}

}  // namespace gauthflow::mockserver::conformance
