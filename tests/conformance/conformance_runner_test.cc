// gauthflow-mockserver conformance, end to end: the runner grades gauthflow's own CLI, a
// deliberately flawed app (tests/conformance/flawed_app.py, one flaw per test) and Google's
// Python client as it is. Each run is bounded by the runner's --timeout; nothing here sleeps.
#include "conformance/conformance_command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <netdb.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include <Poco/File.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/TemporaryFile.h>

namespace gauthflow::mockserver::conformance {
namespace {

using ::testing::HasSubstr;

constexpr char kPython[] = "/usr/bin/python3";

struct Graded {
  int exit_code = -1;
  std::string text;      // the text report
  std::string messages;  // stderr
  bool passed = false;   // the JSON report's verdict
  // "scenario/check" -> PASS | FAIL | WARN
  std::map<std::string, std::string> verdicts;

  std::string Verdict(std::string const& scenario, std::string const& check) const {
    auto it = verdicts.find(scenario + "/" + check);
    return it == verdicts.end() ? "(absent)" : it->second;
  }
  int Count(std::string const& verdict) const {
    int n = 0;
    for (auto const& [key, value] : verdicts) n += value == verdict;
    return n;
  }
};

Graded Grade(std::vector<std::string> args) {
  Poco::TemporaryFile json_file;
  std::vector<std::string> all = {"--browser", GAUTHFLOW_BROWSER_BINARY, "--json", json_file.path()};
  all.insert(all.end(), args.begin(), args.end());
  std::ostringstream out;
  std::ostringstream err;
  Graded graded;
  graded.exit_code = RunConformanceCommand(all, GAUTHFLOW_MOCKSERVER_BINARY, out, err);
  graded.text = out.str();
  graded.messages = err.str();
  std::ifstream in(json_file.path());
  std::stringstream text;
  text << in.rdbuf();
  Poco::JSON::Parser parser;
  auto root = parser.parse(text.str()).extract<Poco::JSON::Object::Ptr>();
  graded.passed = root->getValue<bool>("passed");
  auto checks = root->getArray("checks");
  for (std::size_t i = 0; i < checks->size(); ++i) {
    auto check = checks->getObject(static_cast<unsigned>(i));
    graded.verdicts[check->getValue<std::string>("scenario") + "/" + check->getValue<std::string>("check")] =
        check->getValue<std::string>("verdict");
  }
  return graded;
}

// A shell script that is the application: written to a temporary file, removed at the end.
class Script {
 public:
  explicit Script(std::string const& body) {
    std::ofstream(file_.path()) << "#!/bin/sh\n" << body << "\n";
    Poco::File(file_.path()).setExecutable(true);
  }
  std::string const& path() const { return file_.path(); }

 private:
  Poco::TemporaryFile file_;
};

// gauthflow's CLI the way an application uses it: sign in unless credentials are stored, then
// list Drive files. Its HTTP deadline is short so that the slow-token scenario ends quickly.
// `login_flags` go to login (the mode, say), `common_flags` to both commands.
std::string GauthflowApp(std::string const& login_flags = "", std::string const& common_flags = "") {
  std::string const cli = GAUTHFLOW_CLI_BINARY;
  return "set -e\n[ -s \"$GAUTHFLOW_CREDENTIALS\" ] || " + cli + " login " + login_flags + " " + common_flags +
         " --client-secrets \"$GAUTHFLOW_CLIENT_SECRETS\" --http-timeout 5 --timeout 40\nexec " + cli +
         " drive ls " + common_flags + " --http-timeout 5";
}

// The same in the device flow; Google allows no Drive scope there but drive.file.
std::string GauthflowDeviceApp() { return GauthflowApp("--mode device --scopes 'openid email drive.file'"); }

std::vector<std::string> FlawedApp(std::string const& flaw, std::string const& mode = "loopback") {
  std::vector<std::string> command = {"--", kPython, std::string(GAUTHFLOW_CONFORMANCE_DIR) + "/flawed_app.py",
                                      "--mode", mode};
  if (!flaw.empty()) {
    command.push_back("--flaw");
    command.push_back(flaw);
  }
  return command;
}

std::vector<std::string> With(std::vector<std::string> flags, std::vector<std::string> const& command) {
  flags.insert(flags.end(), command.begin(), command.end());
  return flags;
}

TEST(Conformance, GauthflowCliPassesEveryMustInEveryScenario) {
  Script app(GauthflowApp());
  auto const graded = Grade({"--timeout", "40", "--", app.path()});
  EXPECT_EQ(graded.exit_code, kConformancePassed) << graded.text << graded.messages;
  EXPECT_TRUE(graded.passed);
  EXPECT_EQ(graded.Count("FAIL"), 0) << graded.text;
  // Each scenario's own check ran and passed, not only the generic ones.
  for (auto const& [scenario, check] : std::vector<std::pair<std::string, std::string>>{
           {"happy", "happy_path"},
           {"denied", "no_token_after_denial"},
           {"forged-callback", "forged_code_rejected"},
           {"expired-token", "refresh_once"},
           {"revoked-refresh-token", "no_invalid_grant_retry"},
           {"token-503", "retries_bounded"},
           {"token-429", "retry_after_honoured"},
           {"slow-token", "gives_up_on_slow_token_endpoint"},
           {"happy", "listener_loopback_only"},
           {"all", "state_unique"},
           {"all", "verifier_unique"}}) {
    EXPECT_EQ(graded.Verdict(scenario, check), "PASS") << scenario << "/" << check << "\n" << graded.text;
  }
}

TEST(Conformance, GauthflowCliPassesEveryMustInTheDeviceScenarios) {
  Script app(GauthflowDeviceApp());
  auto const graded = Grade({"--mode", "device", "--timeout", "60", "--", app.path()});
  EXPECT_EQ(graded.exit_code, kConformancePassed) << graded.text << graded.messages;
  EXPECT_EQ(graded.Count("FAIL"), 0) << graded.text;
  for (auto const& [scenario, check] : std::vector<std::pair<std::string, std::string>>{
           {"device", "device_code_requested"},
           {"device", "device_code_shown"},
           {"device", "device_interval_honoured"},
           {"device", "happy_path"},
           {"device", "token_in_header"},
           {"device-slow-down", "slow_down_honoured"},
           {"device-slow-down", "happy_path"},
           {"device-denied", "stops_on_access_denied"},
           {"device-denied", "reports_denial"},
           {"device-expired", "stops_on_expired_token"},
           {"device-expired", "no_new_code_unasked"}}) {
    EXPECT_EQ(graded.Verdict(scenario, check), "PASS") << scenario << "/" << check << "\n" << graded.text;
  }
  // Loopback scenarios are left out when only the device mode is given.
  EXPECT_EQ(graded.Verdict("happy", "happy_path"), "(absent)");
}

// Google's answer to an OOB redirect URI since 2023: gauthflow's OOB mode reads no code from
// the runner's stdin (/dev/null), ends and points at the loopback mode.
TEST(Conformance, GauthflowCliHandlesTheOobBlock) {
  Script app(GauthflowApp("--mode oob"));
  auto const graded = Grade({"--mode", "oob", "--timeout", "30", "--", app.path()});
  EXPECT_EQ(graded.exit_code, kConformancePassed) << graded.text << graded.messages;
  EXPECT_EQ(graded.Verdict("oob-blocked", "browser_opened"), "PASS") << graded.text;
  EXPECT_EQ(graded.Verdict("oob-blocked", "oob_blocked_handled"), "PASS") << graded.text;
  EXPECT_EQ(graded.Verdict("oob-blocked", "oob_blocked_explained"), "PASS") << graded.text;
  EXPECT_EQ(graded.Verdict("oob-blocked", "pkce_s256"), "PASS") << graded.text;
}

// --tls: the fake serves https with a throwaway certificate; the CLI trusts it with --ca-file
// $GAUTHFLOW_CA_FILE, and the scripted browser through GAUTHFLOW_BROWSER_CA_FILE.
TEST(Conformance, GauthflowCliPassesTheHappyPathOverTls) {
  Script app("set -e\ncase \"$GAUTHFLOW_ENDPOINT_BASE\" in https://127.0.0.1:*) ;; *) echo \"not https: "
             "$GAUTHFLOW_ENDPOINT_BASE\"; exit 9;; esac\n[ -s \"$GAUTHFLOW_CA_FILE\" ]\n"
             "[ \"$SSL_CERT_FILE\" = \"$GAUTHFLOW_CA_FILE\" ] && [ \"$REQUESTS_CA_BUNDLE\" = \"$GAUTHFLOW_CA_FILE\" ]\n" +
             GauthflowApp("", "--ca-file \"$GAUTHFLOW_CA_FILE\""));
  auto const graded = Grade({"--tls", "--scenario", "happy", "--scenario", "forged-callback", "--timeout", "40",
                             "--", app.path()});
  EXPECT_EQ(graded.exit_code, kConformancePassed) << graded.text << graded.messages;
  EXPECT_EQ(graded.Verdict("happy", "happy_path"), "PASS") << graded.text;
  EXPECT_EQ(graded.Verdict("forged-callback", "forged_code_rejected"), "PASS") << graded.text;
}

// Without --ca-file the CLI trusts the system store, which SSL_CERT_FILE replaces for OpenSSL:
// no option is needed for an app built on OpenSSL's default paths.
TEST(Conformance, SslCertFileAloneLetsTheCliTrustTheFake) {
  Script app(GauthflowApp());
  auto const graded = Grade({"--tls", "--scenario", "happy", "--timeout", "40", "--", app.path()});
  EXPECT_EQ(graded.exit_code, kConformancePassed) << graded.text << graded.messages;
  EXPECT_EQ(graded.Verdict("happy", "happy_path"), "PASS") << graded.text;
}

TEST(Conformance, AnAppThatDoesNotTrustTheTlsCertificateFailsClearly) {
  // curl with no CA store at all: every https request fails, nothing hangs.
  Script app("exec curl -sS --cacert /dev/null \"$GAUTHFLOW_ENDPOINT_BASE/.well-known/openid-configuration\"");
  if (std::system("command -v curl >/dev/null") != 0) GTEST_SKIP() << "no curl";
  auto const graded = Grade({"--tls", "--scenario", "happy", "--timeout", "10", "--", app.path()});
  EXPECT_EQ(graded.exit_code, kConformanceFailed) << graded.text;
  EXPECT_EQ(graded.Verdict("happy", "browser_opened"), "FAIL") << graded.text;
  EXPECT_EQ(graded.Verdict("happy", "finished_in_time"), "PASS") << graded.text;
}

// Paste mode: the runner finds the URL in the app's output, signs in "on another machine" and
// types the address the browser ended on into the app's stdin.
TEST(Conformance, GauthflowCliPassesThePasteScenario) {
  Script app(GauthflowApp("--mode paste"));
  auto const graded = Grade({"--mode", "paste", "--timeout", "30", "--", app.path()});
  EXPECT_EQ(graded.exit_code, kConformancePassed) << graded.text << graded.messages;
  EXPECT_EQ(graded.Verdict("paste", "url_printed"), "PASS") << graded.text;
  EXPECT_EQ(graded.Verdict("paste", "pkce_s256"), "PASS") << graded.text;
  EXPECT_EQ(graded.Verdict("paste", "redirect_loopback"), "PASS") << graded.text;
  EXPECT_EQ(graded.Verdict("paste", "happy_path"), "PASS") << graded.text;
  EXPECT_EQ(graded.Verdict("paste-forged", "forged_code_rejected"), "PASS") << graded.text;
}

TEST(Conformance, TheFlawedAppWithoutAFlawPassesThePasteScenarios) {
  auto const graded = Grade(With({"--mode", "paste", "--timeout", "20"}, FlawedApp("", "paste")));
  EXPECT_EQ(graded.exit_code, kConformancePassed) << graded.text;
  EXPECT_EQ(graded.Verdict("paste", "happy_path"), "PASS") << graded.text;
  EXPECT_EQ(graded.Verdict("paste-forged", "forged_code_rejected"), "PASS") << graded.text;
}

TEST(Conformance, APasteAppThatPrintsNoUrlFailsAtTheTimeout) {
  auto const graded = Grade({"--mode", "paste", "--timeout", "2", "--", "/bin/sleep", "600"});
  EXPECT_EQ(graded.exit_code, kConformanceFailed) << graded.text;
  EXPECT_EQ(graded.Verdict("paste", "finished_in_time"), "FAIL") << graded.text;
  EXPECT_EQ(graded.Verdict("paste", "url_printed"), "FAIL") << graded.text;
}

TEST(Conformance, ADeviceAppThatNeverPollsFailsAtTheTimeout) {
  // Gets a device code, then sleeps: the person never gets to act, the runner kills it.
  Script app("exec " + std::string(kPython) +
             " -c 'import os,time,urllib.request,urllib.parse,json;"
             "c=json.load(open(os.environ[\"GAUTHFLOW_CLIENT_SECRETS\"]))[\"installed\"];"
             "urllib.request.urlopen(os.environ[\"GAUTHFLOW_DEVICE_AUTHORIZATION_URI\"],"
             "urllib.parse.urlencode({\"client_id\":c[\"client_id\"],\"scope\":\"openid\"}).encode(),timeout=5);"
             "time.sleep(600)'");
  auto const graded = Grade({"--mode", "device", "--scenario", "device", "--timeout", "3", "--", app.path()});
  EXPECT_EQ(graded.exit_code, kConformanceFailed) << graded.text;
  EXPECT_EQ(graded.Verdict("device", "finished_in_time"), "FAIL") << graded.text;
  EXPECT_EQ(graded.Verdict("device", "device_code_requested"), "PASS") << graded.text;
  EXPECT_EQ(graded.Verdict("device", "device_polled"), "FAIL") << graded.text;
}

TEST(Conformance, TheFlawedAppWithoutAFlawPassesTheDeviceScenarios) {
  auto const graded = Grade(With({"--mode", "device", "--timeout", "40", "--scenario", "device", "--scenario",
                                  "device-slow-down", "--scenario", "device-denied"},
                                 FlawedApp("", "device")));
  EXPECT_EQ(graded.exit_code, kConformancePassed) << graded.text;
  EXPECT_EQ(graded.Count("FAIL"), 0) << graded.text;
  EXPECT_EQ(graded.Verdict("device-slow-down", "slow_down_honoured"), "PASS") << graded.text;
}

TEST(Conformance, TheFlawedAppWithoutAFlawPasses) {
  auto const graded = Grade(With({"--timeout", "30", "--scenario", "happy", "--scenario", "forged-callback",
                                  "--scenario", "revoked-refresh-token"},
                                 FlawedApp("")));
  EXPECT_EQ(graded.exit_code, kConformancePassed) << graded.text;
  EXPECT_EQ(graded.Count("FAIL"), 0) << graded.text;
}

struct FlawCase {
  std::string flaw;
  std::vector<std::string> scenarios;
  std::string scenario;  // where the check is reported
  std::string check;
  std::string mode = "loopback";
};

void PrintTo(FlawCase const& c, std::ostream* out) { *out << c.flaw << " -> " << c.check; }

class FlawedAppTest : public ::testing::TestWithParam<FlawCase> {};

TEST_P(FlawedAppTest, IsFlagged) {
  auto const& c = GetParam();
  std::vector<std::string> flags = {"--timeout", "30", "--mode", c.mode};
  for (auto const& s : c.scenarios) {
    flags.push_back("--scenario");
    flags.push_back(s);
  }
  auto const graded = Grade(With(flags, FlawedApp(c.flaw, c.mode)));
  EXPECT_EQ(graded.exit_code, kConformanceFailed) << graded.text;
  EXPECT_FALSE(graded.passed);
  EXPECT_EQ(graded.Verdict(c.scenario, c.check), "FAIL") << graded.text;
  EXPECT_THAT(graded.text, HasSubstr("FAIL  MUST    " + c.check));
}

INSTANTIATE_TEST_SUITE_P(
    Conformance, FlawedAppTest,
    ::testing::Values(FlawCase{"constant-state", {"happy", "denied"}, "all", "state_unique"},
                      FlawCase{"no-pkce", {"happy"}, "happy", "pkce_s256"},
                      FlawCase{"any-state", {"forged-callback"}, "forged-callback", "forged_code_rejected"},
                      FlawCase{"code-twice", {"happy"}, "happy", "code_once"},
                      FlawCase{"retry-invalid-grant", {"revoked-refresh-token"}, "revoked-refresh-token",
                               "no_invalid_grant_retry"},
                      FlawCase{"token-in-query", {"happy"}, "happy", "token_in_header"},
                      FlawCase{"poll-fast", {"device-slow-down"}, "device-slow-down", "slow_down_honoured",
                               "device"},
                      FlawCase{"any-state", {"paste-forged"}, "paste-forged", "forged_code_rejected", "paste"}),
    [](auto const& info) {
      std::string name = info.param.flaw + (info.param.mode == "loopback" ? "" : "_" + info.param.mode);
      for (auto& c : name) c = c == '-' ? '_' : c;
      return name;
    });

TEST(Conformance, NoCommandIsAClearFailure) {
  auto const graded = Grade({"--scenario", "happy"});
  EXPECT_EQ(graded.exit_code, kConformanceUsage);
  EXPECT_FALSE(graded.passed);
  EXPECT_THAT(graded.messages, HasSubstr("no application to run"));
  EXPECT_EQ(graded.Verdict("runner", "runner"), "FAIL");
}

TEST(Conformance, AMissingProgramIsAClearFailure) {
  auto const graded = Grade({"--", "/nonexistent/app"});
  EXPECT_EQ(graded.exit_code, kConformanceUsage);
  EXPECT_FALSE(graded.passed);
  EXPECT_THAT(graded.messages, HasSubstr("/nonexistent/app\" is not an executable file"));
}

TEST(Conformance, AnAppThatPrintsNothingAndNeverOpensTheBrowserFails) {
  auto const graded = Grade({"--scenario", "happy", "--", "/bin/true"});
  EXPECT_EQ(graded.exit_code, kConformanceFailed);
  EXPECT_EQ(graded.Verdict("happy", "browser_opened"), "FAIL") << graded.text;
  EXPECT_THAT(graded.text, HasSubstr("never opened $BROWSER"));
}

TEST(Conformance, AnAppThatHangsIsKilledAtTheTimeout) {
  auto const graded = Grade({"--scenario", "happy", "--timeout", "2", "--", "/bin/sleep", "600"});
  EXPECT_EQ(graded.exit_code, kConformanceFailed);
  EXPECT_EQ(graded.Verdict("happy", "finished_in_time"), "FAIL") << graded.text;
  EXPECT_EQ(graded.Verdict("happy", "browser_opened"), "FAIL");
}

TEST(Conformance, BadFlagsAreRefused) {
  EXPECT_EQ(Grade({"--scenario", "nope", "--", "/bin/true"}).exit_code, kConformanceUsage);
  EXPECT_EQ(Grade({"--timeout", "0", "--", "/bin/true"}).exit_code, kConformanceUsage);
  auto const mismatch = Grade({"--mode", "device", "--scenario", "happy", "--", "/bin/true"});
  EXPECT_EQ(mismatch.exit_code, kConformanceUsage);
  EXPECT_THAT(mismatch.messages, HasSubstr("no scenario applies"));
  EXPECT_EQ(Grade({"--mode", "telepathy", "--", "/bin/true"}).exit_code, kConformanceUsage);
}

TEST(Conformance, TheBinaryHasTheSubcommand) {
  Poco::TemporaryFile out;
  std::string const command = std::string(GAUTHFLOW_MOCKSERVER_BINARY) + " conformance --list > " + out.path();
  ASSERT_EQ(std::system(command.c_str()), 0);
  std::ifstream in(out.path());
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_THAT(text.str(), HasSubstr("forged-callback: "));
  EXPECT_THAT(text.str(), HasSubstr("slow-token: "));
}

// Google's own installed-app flow, the seed's example (tests/interop/drive_quickstart.py) run
// unchanged with run_local_server(port=0). OAUTHLIB_INSECURE_TRANSPORT=1 lets oauthlib talk to
// the fake's plain-http endpoints (the runner does not serve TLS). The verdicts are pinned:
bool LocalhostResolves() {
  addrinfo* found = nullptr;
  if (::getaddrinfo("localhost", nullptr, nullptr, &found) != 0) return false;
  ::freeaddrinfo(found);
  return true;
}

TEST(Conformance, GooglesPythonClientIsGradedAsItIs) {
  if (std::system((std::string(kPython) + " -c 'import google_auth_oauthlib, googleapiclient' 2>/dev/null").c_str()) != 0) {
    GTEST_SKIP() << "google-auth-oauthlib or googleapiclient is not importable by " << kPython;
  }
  std::string const quickstart = std::string(GAUTHFLOW_CONFORMANCE_DIR) + "/../interop/drive_quickstart.py";
  // Where "localhost" does not resolve (a bare debootstrap has no /etc/hosts) the example's
  // default host cannot even bind; it then runs with host="127.0.0.1", as
  // tests/interop/quickstart_loopback_test.py does, and the redirect check passes instead.
  bool const localhost_resolves = LocalhostResolves();
  Script app("export OAUTHLIB_INSECURE_TRANSPORT=1\nexec " + std::string(kPython) + " " + quickstart +
             " \"$GAUTHFLOW_CLIENT_SECRETS\" \"$GAUTHFLOW_DRIVE_DISCOVERY_URI\" " +
             (localhost_resolves ? "local" : "local@127.0.0.1"));
  auto const graded = Grade({"--timeout", "15", "--", app.path()});
  EXPECT_EQ(graded.exit_code, kConformanceFailed) << graded.text;
  // 0.4.2 sends no code_challenge unless the app asks for autogenerate_code_verifier (PKCE is
  // on by default only from 1.0.0): a MUST of RFC 8252 §8.1 fails.
  EXPECT_EQ(graded.Verdict("happy", "pkce_s256"), "FAIL");
  // run_local_server's default host is "localhost" (RFC 8252 §8.3: NOT RECOMMENDED), but
  // wsgiref binds the name's address, 127.0.0.1: a warning, and the listener is loopback only.
  EXPECT_EQ(graded.Verdict("happy", "redirect_ip_literal"), localhost_resolves ? "WARN" : "PASS");
  EXPECT_EQ(graded.Verdict("happy", "listener_loopback_only"), "PASS");
  // oauthlib makes a random 30-character state and checks it: the forged callback's
  // MismatchingStateError ends the flow before any exchange.
  EXPECT_EQ(graded.Verdict("all", "state_unique"), "PASS");
  EXPECT_EQ(graded.Verdict("forged-callback", "forged_code_rejected"), "PASS");
  // google-auth's authorized HTTP sends Authorization: Bearer; the code is exchanged once.
  EXPECT_EQ(graded.Verdict("happy", "token_in_header"), "PASS");
  EXPECT_EQ(graded.Verdict("happy", "code_once"), "PASS");
  EXPECT_EQ(graded.Verdict("happy", "happy_path"), "PASS");
  EXPECT_EQ(graded.Verdict("denied", "no_token_after_denial"), "PASS");
  // The example keeps no token file, so its second run signs in again: nothing to refresh.
  EXPECT_EQ(graded.Verdict("expired-token", "refresh_once"), "WARN");
  // requests-oauthlib's fetch_token neither retries a 503 or 429 nor sets a timeout: the code
  // exchange fails at the first 503/429, and a silent token endpoint holds it until the
  // runner kills it (a MUST fails).
  EXPECT_EQ(graded.Verdict("token-503", "recovers_after_503"), "WARN");
  EXPECT_EQ(graded.Verdict("token-429", "retry_after_honoured"), "WARN");
  EXPECT_EQ(graded.Verdict("slow-token", "gives_up_on_slow_token_endpoint"), "FAIL");
}

}  // namespace
}  // namespace gauthflow::mockserver::conformance
