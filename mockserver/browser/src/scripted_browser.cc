#include "gauthflow/browser/scripted_browser.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <utility>

#include "gauthflow/cli/redact.h"

namespace gauthflow::browser {

using cli::IsSecretName;
using cli::RedactForm;
using cli::RedactUrl;

namespace {

// Enough for chooser -> consent -> redirect chains; a loop ends here instead of spinning.
constexpr int kMaxSteps = 12;

std::string Lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsHttpUrl(std::string_view url) {
  auto const lower = Lower(url.substr(0, 8));
  return lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0;
}

std::string FormEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else if (c == ' ') {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

bool Mentions(HtmlControl const& control, std::initializer_list<std::string_view> words) {
  auto const haystack = Lower(control.value + " " + control.label + " " + control.id + " " +
                              control.name);
  return std::any_of(words.begin(), words.end(), [&](std::string_view word) {
    return haystack.find(word) != std::string::npos;
  });
}

bool LooksLikeDeny(HtmlControl const& c) { return Mentions(c, {"deny", "cancel", "reject"}); }
bool LooksLikeAllow(HtmlControl const& c) {
  return Mentions(c, {"allow", "approve", "accept", "continue", "confirm"});
}

bool IsSubmit(HtmlControl const& c) {
  return (c.tag == "button" && c.type == "submit") ||
         (c.tag == "input" && (c.type == "submit" || c.type == "image"));
}

struct Submission {
  std::string method;  // "get" | "post"
  std::string url;
  std::string body;    // form-encoded
  std::string summary;  // for the log: "account=..., decision=allow"
};

// What the person does with the forms of `page`; nullopt when there is nothing to submit (the
// visit ends there). An Error when the page cannot be completed as scripted.
Result<std::optional<Submission>> ChooseSubmission(HtmlPage const& page,
                                                   std::string const& page_url,
                                                   BrowserScript const& script) {
  for (auto const& form : page.forms) {
    std::vector<HtmlControl const*> buttons;
    for (auto const& control : form.controls) {
      if (IsSubmit(control)) buttons.push_back(&control);
    }
    if (buttons.empty()) continue;
    HtmlControl const* chosen = nullptr;
    for (auto const* button : buttons) {
      if (script.allow ? (LooksLikeAllow(*button) && !LooksLikeDeny(*button))
                       : LooksLikeDeny(*button)) {
        chosen = button;
        break;
      }
    }
    // A lone neutral button ("Next" on a code entry page) is pressed whatever the decision.
    if (!chosen && buttons.size() == 1 && !LooksLikeAllow(*buttons[0]) &&
        !LooksLikeDeny(*buttons[0])) {
      chosen = buttons[0];
    }
    if (!chosen) continue;

    std::vector<std::pair<std::string, std::string>> fields;
    std::map<std::string, std::vector<HtmlControl const*>> radios;
    std::vector<std::string> radio_order;
    for (auto const& control : form.controls) {
      if (control.name.empty() || IsSubmit(control)) continue;
      if (control.type == "radio") {
        if (!radios.count(control.name)) radio_order.push_back(control.name);
        radios[control.name].push_back(&control);
      } else if (control.type == "checkbox") {
        if (control.checked) fields.emplace_back(control.name, control.value.empty() ? "on" : control.value);
      } else if (control.type == "text" && !script.user_code.empty() &&
                 Lower(control.name).find("code") != std::string::npos) {
        fields.emplace_back(control.name, script.user_code);
      } else {
        fields.emplace_back(control.name, control.value);
      }
    }
    for (auto const& name : radio_order) {
      auto const& group = radios[name];
      HtmlControl const* pick = nullptr;
      if (!script.account.empty()) {
        for (auto const* radio : group) {
          if (radio->value == script.account) pick = radio;
        }
        if (!pick && Lower(name).find("account") != std::string::npos) {
          return MakeError(ErrorCode::kInvalidArgument,
                           "the account chooser at " + RedactUrl(page_url) +
                               " does not offer the account " + script.account);
        }
      }
      for (auto const* radio : group) {
        if (!pick && radio->checked) pick = radio;
      }
      if (!pick) pick = group.front();
      fields.emplace_back(name, pick->value);
    }
    fields.emplace_back(chosen->name, chosen->value);
    if (fields.back().first.empty()) fields.pop_back();

    Submission submission;
    submission.method = form.method == "post" ? "post" : "get";
    submission.url = ResolveUrl(page_url, form.action.empty() ? page_url : form.action);
    std::string encoded;
    for (auto const& [name, value] : fields) {
      if (!encoded.empty()) encoded += '&';
      encoded += FormEncode(name) + "=" + FormEncode(value);
      if (!IsSecretName(name) && name != "tx") {
        if (!submission.summary.empty()) submission.summary += ", ";
        submission.summary += name + "=" + value;
      }
    }
    if (submission.method == "post") {
      submission.body = std::move(encoded);
    } else {
      auto const hash = submission.url.find('#');
      if (hash != std::string::npos) submission.url.erase(hash);
      auto const question = submission.url.find('?');
      if (question != std::string::npos) submission.url.erase(question);
      submission.url += "?" + encoded;
    }
    return std::optional<Submission>(std::move(submission));
  }
  return std::optional<Submission>();
}

std::string StepText(std::string const& method, std::string const& url, std::string const& what,
                     std::string const& outcome) {
  std::string text = method + " " + RedactUrl(url);
  if (!what.empty()) text += " (" + what + ")";
  return text + " -> " + outcome;
}

// The OOB result page's title carries the code ("Success code=4/0A..."): keep it out of logs.
std::string SafeTitle(std::string const& title) {
  for (std::string_view prefix : {"Success ", "Denied "}) {
    if (title.rfind(prefix, 0) == 0) {
      return std::string(prefix) + RedactForm(std::string_view(title).substr(prefix.size()));
    }
  }
  return title;
}

}  // namespace

std::optional<Error> ErrorShownBy(BrowserVisit const& visit) {
  if (!visit.error_page) return std::nullopt;
  auto const& page = *visit.error_page;
  ErrorCode code = ErrorCode::kAuthorizationError;
  if (page.error == "redirect_uri_mismatch") {
    code = ErrorCode::kRedirectUriMismatch;
  } else if (page.error == "invalid_client") {
    code = ErrorCode::kInvalidClient;
  } else if (page.error == "unauthorized_client") {
    code = ErrorCode::kUnauthorizedClient;
  } else if (page.error == "invalid_scope") {
    code = ErrorCode::kInvalidScope;
  } else if (page.error == "access_denied") {
    code = ErrorCode::kAccessDenied;
  } else if (page.error == "invalid_request") {
    // Google's page since 2023-01-31: "The out-of-band (OOB) flow has been blocked ...".
    auto const description = Lower(page.description);
    code = description.find("out-of-band") != std::string::npos ||
                   description.find("oob") != std::string::npos
               ? ErrorCode::kOobBlocked
               : ErrorCode::kInvalidRequest;
  }
  std::string message = "the browser shows \"Error " + std::to_string(page.status) + ": " +
                        page.error + "\"";
  if (!page.description.empty()) message += ": " + page.description;
  Error error{code, std::move(message)};
  error.http_status = page.status;
  error.server_error = page.error;
  return error;
}

ScriptedBrowser::ScriptedBrowser(HttpClient& http, BrowserScript script, VisitDone on_done)
    : http_(http), script_(std::move(script)), on_done_(std::move(on_done)) {}

ScriptedBrowser::~ScriptedBrowser() {
  if (thread_.joinable()) thread_.join();
}

Result<BrowserVisit> ScriptedBrowser::Visit(std::string const& url) {
  if (!IsHttpUrl(url)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "the scripted browser opens http(s) URLs only, not \"" + RedactUrl(url) + "\"");
  }
  BrowserVisit visit;
  std::string current = url;
  std::string method = "GET";
  std::string body;
  std::string what;
  for (int step = 0; step < kMaxSteps; ++step) {
    visit.address = current;
    visit.status = 0;
    visit.title.clear();
    visit.text.clear();
    visit.error_page.reset();
    if (!IsHttpUrl(current)) {
      // A browser hands other schemes to another program; the visit ends here.
      visit.steps.push_back(StepText(method, current, what, "not an http(s) URL: stopped"));
      return visit;
    }
    HttpRequest request;
    request.method = method;
    request.url = current;
    request.headers = {{"Accept", "text/html,application/xhtml+xml,*/*;q=0.8"},
                       {"User-Agent", "gauthflow-scripted-browser/0.1"}};
    if (method == "POST") {
      request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
      request.body = body;
    }
    auto response = http_.Send(request);
    if (!response) {
      visit.load_error = response.error();
      visit.steps.push_back(StepText(method, current, what, "failed: " + response.error().message));
      return visit;
    }
    visit.status = response->status;
    if (response->status >= 300 && response->status < 400) {
      auto location = FindHeader(response->headers, "Location");
      if (location && !location->empty()) {
        visit.steps.push_back(StepText(method, current, what,
                                       std::to_string(response->status) + " to " +
                                           RedactUrl(*location)));
        current = ResolveUrl(current, *location);
        method = "GET";
        body.clear();
        what.clear();
        continue;
      }
    }
    auto const page = ParseHtmlPage(response->body);
    visit.title = page.title;
    visit.text = page.text;
    visit.error_page = FindAuthorizationError(page);
    visit.steps.push_back(StepText(method, current, what,
                                   std::to_string(response->status) +
                                       (page.title.empty() ? "" : " \"" + SafeTitle(page.title) + "\"")));
    if (response->status != 200 || visit.error_page) return visit;
    auto submission = ChooseSubmission(page, current, script_);
    if (!submission) {
      visit.load_error = submission.error();
      return visit;
    }
    if (!*submission) return visit;
    method = (*submission)->method == "post" ? "POST" : "GET";
    current = (*submission)->url;
    body = (*submission)->body;
    what = (*submission)->summary;
  }
  visit.load_error = Error{ErrorCode::kUnexpectedResponse,
                           "the sign-in pages went on for more than " +
                               std::to_string(kMaxSteps) + " requests; stopped at " +
                               RedactUrl(current)};
  return visit;
}

Status ScriptedBrowser::Open(std::string const& url) {
  if (thread_.joinable()) thread_.join();
  {
    std::lock_guard<std::mutex> lock(mu_);
    running_ = true;
    last_.reset();
  }
  thread_ = std::thread([this, url] {
    auto result = Visit(url);
    BrowserVisit visit;
    if (result) {
      visit = *std::move(result);
    } else {
      visit.address = url;
      visit.load_error = result.error();
    }
    if (on_done_) on_done_(visit);
    {
      std::lock_guard<std::mutex> lock(mu_);
      last_ = std::move(visit);
      running_ = false;
    }
    cv_.notify_all();
  });
  return {};
}

bool ScriptedBrowser::AwaitVisitEnd(std::unique_lock<std::mutex>& lock,
                                    CancellationToken const* cancel) {
  while (!cv_.wait_for(lock, kCancellationCheckInterval, [&] { return !running_; })) {
    if (IsCancelled(cancel)) return false;
  }
  return true;
}

std::optional<BrowserVisit> ScriptedBrowser::WaitForVisit() {
  std::unique_lock<std::mutex> lock(mu_);
  AwaitVisitEnd(lock, nullptr);
  return last_;
}

Result<std::string> ScriptedBrowser::WaitForPageTitle(Clock::time_point /*deadline*/,
                                                      CancellationToken const* cancel) {
  // The visit ends on its own (each request is bounded by the HTTP client's timeouts), so there
  // is no need to watch the deadline here; a cancellation ends the wait, not the visit.
  std::optional<BrowserVisit> visit;
  {
    std::unique_lock<std::mutex> lock(mu_);
    if (!AwaitVisitEnd(lock, cancel)) return tl::unexpected(CancelledError("the page title"));
    visit = last_;
  }
  if (!visit) {
    return MakeError(ErrorCode::kInvalidArgument, "no page was opened in the scripted browser");
  }
  if (visit->title.rfind("Success ", 0) == 0 || visit->title.rfind("Denied ", 0) == 0) {
    return visit->title;
  }
  if (auto shown = ErrorShownBy(*visit)) return tl::unexpected(*shown);
  if (visit->load_error) return tl::unexpected(*visit->load_error);
  return MakeError(ErrorCode::kUnexpectedResponse,
                   "the browser ended on \"" + visit->title + "\" at " +
                       RedactUrl(visit->address) + " (HTTP " + std::to_string(visit->status) +
                       "), not on the out-of-band result page");
}

}  // namespace gauthflow::browser
