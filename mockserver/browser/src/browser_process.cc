#include "gauthflow/browser/browser_process.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/NumberParser.h>
#include <Poco/URI.h>

#include "gauthflow/browser/listening_sockets.h"
#include "gauthflow/browser/scripted_browser.h"
#include "gauthflow/cli/redact.h"
#include "gauthflow/poco/poco_http_client.h"

namespace gauthflow::browser {
namespace {

constexpr int kMaxDeadlineSeconds = 3600;
constexpr std::size_t kMaxTextChars = 2000;  // of a page's visible text, in the report

// Sees every request the scripted browser sends: the forged code is the `code` parameter of
// the request that delivers the forged redirect to the application.
class RecordingHttpClient : public HttpClient {
 public:
  explicit RecordingHttpClient(HttpClient& inner) : inner_(inner) {}
  Result<HttpResponse> Send(HttpRequest const& request) override {
    urls_.push_back(request.url);
    return inner_.Send(request);
  }
  std::vector<std::string> const& urls() const { return urls_; }

 private:
  HttpClient& inner_;
  std::vector<std::string> urls_;
};

Poco::JSON::Object VisitJson(BrowserVisit const& visit) {
  Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
  out.set("address", cli::RedactUrl(visit.address));
  out.set("status", visit.status);
  out.set("title", visit.title.rfind("Success ", 0) == 0 ? std::string("Success REDACTED")
                                                          : visit.title);
  out.set("text", visit.text.substr(0, kMaxTextChars));
  Poco::JSON::Array steps;
  for (auto const& step : visit.steps) steps.add(step);
  out.set("steps", steps);
  if (visit.load_error) out.set("error", visit.load_error->message);
  if (auto shown = ErrorShownBy(visit)) out.set("error", shown->message);
  return out;
}

BrowserVisit VisitOrError(ScriptedBrowser& browser, std::string const& url) {
  auto visit = browser.Visit(url);
  if (visit) return *std::move(visit);
  BrowserVisit failed;
  failed.address = url;
  failed.load_error = visit.error();
  return failed;
}

}  // namespace

std::string QueryParameter(std::string const& url, std::string const& name) {
  try {
    for (auto const& [key, value] : Poco::URI(url).getQueryParameters()) {
      if (key == name) return value;
    }
  } catch (Poco::Exception const&) {
  }
  return {};
}

// The application's own request with another state: what an attacker who started a sign-in
// of their own would hand the application's redirect URI.
std::string WithState(std::string const& url, std::string const& state) {
  Poco::URI uri(url);
  auto params = uri.getQueryParameters();
  bool replaced = false;
  for (auto& [key, value] : params) {
    if (key == "state") {
      value = state;
      replaced = true;
    }
  }
  if (!replaced) params.emplace_back("state", state);
  uri.setQueryParameters(params);
  return uri.toString();
}

Result<BrowserProcessScript> ReadBrowserProcessScript(Environment const& environment) {
  BrowserProcessScript script;
  auto const get = [&](char const* name) { return environment(name).value_or(""); };
  std::string const decision = get(kDecisionVariable);
  if (decision == "deny") {
    script.allow = false;
  } else if (!decision.empty() && decision != "allow") {
    return MakeError(ErrorCode::kInvalidArgument,
                     std::string(kDecisionVariable) + " must be allow or deny, not \"" + decision + "\"");
  }
  script.account = get(kAccountVariable);
  script.forged_state = get(kForgedStateVariable);
  script.forged_account = get(kForgedAccountVariable);
  script.report_path = get(kReportVariable);
  script.ca_file = get(kCaFileVariable);
  if (std::string const text = get(kDeadlineVariable); !text.empty()) {
    int seconds = 0;
    if (!Poco::NumberParser::tryParse(text, seconds) || seconds < 1 || seconds > kMaxDeadlineSeconds) {
      return MakeError(ErrorCode::kInvalidArgument, std::string(kDeadlineVariable) +
                                                        " must be a number of seconds in 1.." +
                                                        std::to_string(kMaxDeadlineSeconds));
    }
    script.deadline = std::chrono::seconds(seconds);
  }
  return script;
}

std::string PlayBrowserScript(std::string const& url, BrowserProcessScript const& script,
                              HttpClient& http) {
  Poco::JSON::Object report(Poco::JSON_PRESERVE_KEY_ORDER);
  report.set("url", cli::RedactUrl(url));
  std::string const redirect_uri = QueryParameter(url, "redirect_uri");
  report.set("redirect_uri", redirect_uri);
  int port = 0;
  try {
    if (!redirect_uri.empty()) port = Poco::URI(redirect_uri).getPort();
  } catch (Poco::Exception const&) {
  }
  report.set("redirect_port", port);
  // RFC 8252 §8.3: the application listens on the loopback interface only. It is waiting for
  // its redirect now, so its listener is open.
  Poco::JSON::Array listeners;
  if (port > 0) {
    for (auto const& socket : ReadListeningSockets(port)) {
      Poco::JSON::Object item(Poco::JSON_PRESERVE_KEY_ORDER);
      item.set("address", socket.address);
      item.set("port", socket.port);
      item.set("loopback", socket.loopback);
      listeners.add(item);
    }
  }
  report.set("listeners", listeners);

  if (!script.forged_state.empty()) {
    RecordingHttpClient recording(http);
    BrowserScript forged_script;
    forged_script.allow = true;
    forged_script.account = script.forged_account;
    ScriptedBrowser forger(recording, forged_script);
    Poco::JSON::Object forged(Poco::JSON_PRESERVE_KEY_ORDER);
    forged.set("state", script.forged_state);
    std::string forged_url;
    try {
      forged_url = WithState(url, script.forged_state);
    } catch (Poco::Exception const& e) {
      forged.set("error", "the URL does not parse: " + e.displayText());
    }
    if (!forged_url.empty()) {
      auto const visit = VisitOrError(forger, forged_url);
      for (auto const& sent : recording.urls()) {
        if (QueryParameter(sent, "state") == script.forged_state) {
          if (auto code = QueryParameter(sent, "code"); !code.empty()) forged.set("code", code);
        }
      }
      forged.set("visit", VisitJson(visit));
    }
    report.set("forged", forged);
  }

  BrowserScript real_script;
  real_script.allow = script.allow;
  real_script.account = script.account;
  ScriptedBrowser browser(http, real_script);
  report.set("visit", VisitJson(VisitOrError(browser, url)));

  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(report, out, 2);
  return out.str();
}

int RunBrowserProgram(int argc, char** argv, Environment const& environment) {
  if (argc != 2) {
    std::cerr << "usage: gauthflow-scripted-browser URL (the script comes from "
              << kDecisionVariable << ", " << kAccountVariable << ", " << kForgedStateVariable
              << ", " << kForgedAccountVariable << ", " << kReportVariable << ", "
              << kDeadlineVariable << ", " << kCaFileVariable << ")" << std::endl;
    return 2;
  }
  auto script = ReadBrowserProcessScript(environment);
  if (!script) {
    std::cerr << "gauthflow-scripted-browser: " << script.error().message << std::endl;
    return 2;
  }
  std::string const url = argv[1];
  // Python's webbrowser.open (and so google-auth-oauthlib's run_local_server) waits for the
  // browser program to exit before it serves the redirect: the parent returns at once and a
  // child plays the user.
  pid_t const child = ::fork();
  if (child < 0) {
    std::perror("gauthflow-scripted-browser: fork");
    return 1;
  }
  if (child > 0) return 0;
  // The hard deadline: SIGALRM's default action ends the child wherever it is.
  ::alarm(static_cast<unsigned>(script->deadline.count()));
  PocoHttpClientOptions options;
  options.deadline = std::min<std::chrono::milliseconds>(script->deadline, std::chrono::seconds(30));
  options.connect_timeout = std::chrono::seconds(5);
  options.read_timeout = std::chrono::seconds(10);
  options.user_agent = "gauthflow-scripted-browser/0.1";
  options.ca_file = script->ca_file;
  std::string report;
  if (auto http = PocoHttpClient::Create(options); http) {
    report = PlayBrowserScript(url, *script, **http);
  } else {
    report = "{\"error\": \"no HTTP client: " + http.error().message + "\"}";
  }
  if (!script->report_path.empty()) {
    // Whole or not at all: the runner reads the file once it exists.
    std::string const partial = script->report_path + ".partial";
    {
      std::ofstream file(partial, std::ios::trunc);
      file << report;
    }
    std::rename(partial.c_str(), script->report_path.c_str());
  }
  std::_Exit(0);
}

}  // namespace gauthflow::browser
