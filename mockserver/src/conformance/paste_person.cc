#include "conformance/paste_person.h"

#include <fstream>

#include <Poco/Exception.h>

#include "gauthflow/browser/browser_process.h"
#include "gauthflow/browser/scripted_browser.h"
#include "gauthflow/poco/poco_http_client.h"

namespace gauthflow::mockserver::conformance {
namespace {

constexpr auto kLookEvery = std::chrono::milliseconds(100);
constexpr std::size_t kMaxOutputBytes = 256 * 1024;

std::string ReadHead(std::string const& path) {
  std::ifstream in(path, std::ios::binary);
  std::string text(kMaxOutputBytes, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

// The first authorization URL on the fake in `text`, up to the next blank; empty when none.
std::string FindAuthorizationUrl(std::string const& text, std::string const& base) {
  for (char const* path : {"/o/oauth2/auth?", "/o/oauth2/v2/auth?"}) {
    auto const at = text.find(base + path);
    if (at == std::string::npos) continue;
    auto const end = text.find_first_of(" \t\r\n\"'<>", at);
    return text.substr(at, end == std::string::npos ? std::string::npos : end - at);
  }
  return {};
}

}  // namespace

PastePerson::PastePerson(std::string output_path, std::string base_url, std::string ca_file,
                         std::string account, std::string forged_state, std::string forged_account)
    : output_path_(std::move(output_path)),
      base_url_(std::move(base_url)),
      ca_file_(std::move(ca_file)),
      account_(std::move(account)),
      forged_state_(std::move(forged_state)),
      forged_account_(std::move(forged_account)) {}

std::optional<std::string> PastePerson::Tick() {
  if (typed_ || !error_.empty()) return std::nullopt;
  auto const now = std::chrono::steady_clock::now();
  if (now < next_look_) return std::nullopt;
  next_look_ = now + kLookEvery;
  std::string url = FindAuthorizationUrl(ReadHead(output_path_), base_url_);
  if (url.empty()) return std::nullopt;
  found_url_ = true;
  redirect_uri_ = browser::QueryParameter(url, "redirect_uri");
  if (!forged_state_.empty()) {
    try {
      url = browser::WithState(url, forged_state_);
    } catch (Poco::Exception const& e) {
      error_ = "the printed URL does not parse: " + e.displayText();
      return std::nullopt;
    }
  }
  PocoHttpClientOptions options;
  options.deadline = std::chrono::seconds(20);
  options.connect_timeout = std::chrono::seconds(5);
  options.read_timeout = std::chrono::seconds(10);
  options.ca_file = ca_file_;
  options.user_agent = "gauthflow-scripted-browser/0.1";
  auto http = PocoHttpClient::Create(options);
  if (!http) {
    error_ = http.error().message;
    return std::nullopt;
  }
  browser::BrowserScript script;
  script.allow = true;
  script.account = forged_state_.empty() ? account_ : forged_account_;
  browser::ScriptedBrowser person(**http, script);
  auto visit = person.Visit(url);
  if (!visit) {
    error_ = visit.error().message;
    return std::nullopt;
  }
  if (auto shown = browser::ErrorShownBy(*visit)) {
    error_ = shown->message;
    return std::nullopt;
  }
  // The address bar: the redirect URI with code and state, which did not load here.
  if (!forged_state_.empty()) forged_code_ = browser::QueryParameter(visit->address, "code");
  typed_ = true;
  return visit->address + "\n";
}

}  // namespace gauthflow::mockserver::conformance
