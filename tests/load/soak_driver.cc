#include "load/soak_driver.h"

#include <atomic>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>
#include <utility>
#include <vector>

#include <Poco/Exception.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/URI.h>

#include "gauthflow/authorization_request.h"
#include "gauthflow/authorization_response.h"
#include "gauthflow/error.h"
#include "gauthflow/pkce.h"
#include "gauthflow/token_response.h"

namespace gauthflow::load {
namespace {

using Clock = std::chrono::steady_clock;
using Kind = IssuedLedger::Kind;

constexpr std::size_t kMaxBodyBytes = 1024 * 1024;  // far above any answer of these four routes
constexpr std::size_t kMaxErrorKinds = 20;
constexpr char kScope[] = "https://www.googleapis.com/auth/drive.metadata.readonly";
constexpr char kDriveList[] = "/drive/v3/files?orderBy=modifiedByMeTime%20desc&pageSize=5";

struct Answer {
  int status = 0;
  std::string location;
  std::string body;
};

// Why a step failed; `lost` when the server refused a code or token it had handed out.
struct StepFailure {
  std::string what;
  bool lost = false;
};

// The counters the loops share.
class Tally {
 public:
  void Request() { requests_.fetch_add(1, std::memory_order_relaxed); }
  void Flow() { flows_.fetch_add(1, std::memory_order_relaxed); }
  void Fail(StepFailure const& failure) {
    errors_.fetch_add(1, std::memory_order_relaxed);
    if (failure.lost) lost_.fetch_add(1, std::memory_order_relaxed);
    std::lock_guard<std::mutex> lock(mu_);
    bool const known = errors_by_kind_.contains(failure.what);
    ++errors_by_kind_[known || errors_by_kind_.size() < kMaxErrorKinds ? failure.what : "other"];
  }
  void Into(SoakReport& report) const {
    report.requests = requests_.load();
    report.flows_completed = flows_.load();
    report.errors = errors_.load();
    report.lost = lost_.load();
    std::lock_guard<std::mutex> lock(mu_);
    report.errors_by_kind = errors_by_kind_;
  }

 private:
  std::atomic<std::uint64_t> requests_{0};
  std::atomic<std::uint64_t> flows_{0};
  std::atomic<std::uint64_t> errors_{0};
  std::atomic<std::uint64_t> lost_{0};
  mutable std::mutex mu_;
  std::map<std::string, std::uint64_t> errors_by_kind_;
};

// One loop: a keep-alive session and the steps of a flow over it.
class FlowLoop {
 public:
  FlowLoop(SoakOptions const& options, std::optional<std::string> login_hint, IssuedLedger& ledger,
           Tally& tally)
      : options_(options),
        login_hint_(std::move(login_hint)),
        ledger_(ledger),
        tally_(tally),
        base_(options.base_url),
        session_(base_.getHost(), base_.getPort()) {
    session_.setKeepAlive(true);
    session_.setTimeout(Poco::Timespan(
        std::chrono::duration_cast<std::chrono::microseconds>(options.request_timeout).count()));
  }

  void RunUntil(Clock::time_point end) {
    while (Clock::now() < end) {
      if (auto failure = OneFlow()) {
        tally_.Fail(*failure);
        session_.reset();  // a half-read answer must not be taken for the next one
      } else {
        tally_.Flow();
      }
    }
  }

 private:
  std::optional<StepFailure> OneFlow() {
    auto pkce = GeneratePkce();
    auto state = GenerateState();
    if (!pkce || !state) return StepFailure{"no randomness for PKCE or state"};
    AuthorizationRequest auth;
    auth.auth_uri = options_.base_url + "/o/oauth2/v2/auth";
    auth.client_id = options_.client_id;
    auth.redirect_uri = options_.redirect_uri;
    auth.scopes = {kScope};
    auth.state = *state;
    auth.code_challenge = pkce->challenge;
    auth.code_challenge_method = pkce->method;
    auth.access_type = "offline";
    auth.prompt = "consent";
    auth.login_hint = login_hint_;
    auto url = BuildAuthorizationUrl(auth);
    if (!url) return StepFailure{"authorization URL: " + url.error().message};

    auto authorized = Exchange("authorization", Poco::Net::HTTPRequest::HTTP_GET,
                               Poco::URI(*url).getPathAndQuery(), nullptr, "");
    if (!authorized) return authorized.error();
    if (authorized->status != 302) return Unexpected("authorization", *authorized);
    auto redirect = ParseRedirect(authorized->location, *state);
    if (!redirect) return StepFailure{"authorization redirect: " + redirect.error().message};
    if (!ledger_.Record(Kind::kCode, redirect->code)) return StepFailure{"a code was issued twice"};

    Poco::Net::HTMLForm exchange_form;
    exchange_form.set("grant_type", "authorization_code");
    exchange_form.set("code", redirect->code);
    exchange_form.set("redirect_uri", options_.redirect_uri);
    exchange_form.set("client_id", options_.client_id);
    exchange_form.set("client_secret", options_.client_secret);
    exchange_form.set("code_verifier", pkce->verifier);
    auto exchanged = Tokens("code exchange", exchange_form);
    if (!exchanged) return exchanged.error();
    if (!exchanged->refresh_token) return StepFailure{"code exchange: no refresh_token"};
    if (!ledger_.Record(Kind::kAccessToken, exchanged->access_token) ||
        !ledger_.Record(Kind::kRefreshToken, *exchanged->refresh_token)) {
      return StepFailure{"code exchange: a token was issued twice"};
    }

    Poco::Net::HTMLForm refresh_form;
    refresh_form.set("grant_type", "refresh_token");
    refresh_form.set("refresh_token", *exchanged->refresh_token);
    refresh_form.set("client_id", options_.client_id);
    refresh_form.set("client_secret", options_.client_secret);
    auto refreshed = Tokens("refresh", refresh_form);
    if (!refreshed) return refreshed.error();
    if (!ledger_.Record(Kind::kAccessToken, refreshed->access_token)) {
      return StepFailure{"refresh: an access token was issued twice"};
    }

    auto listed = Exchange("drive files.list", Poco::Net::HTTPRequest::HTTP_GET, kDriveList, nullptr,
                           "Bearer " + refreshed->access_token);
    if (!listed) return listed.error();
    if (listed->status != 200) return Unexpected("drive files.list", *listed);
    if (listed->body.find("\"files\"") == std::string::npos) {
      return StepFailure{"drive files.list: no \"files\" in the answer"};
    }
    return std::nullopt;
  }

  // A token request; a 400 invalid_grant or 401 there means a code or token was lost.
  tl::expected<TokenResponse, StepFailure> Tokens(std::string const& step,
                                                  Poco::Net::HTMLForm& form) {
    auto answer = Exchange(step, Poco::Net::HTTPRequest::HTTP_POST, "/token", &form, "");
    if (!answer) return tl::unexpected(answer.error());
    if (answer->status != 200) return tl::unexpected(Unexpected(step, *answer));
    auto tokens = ParseTokenResponse(answer->body, std::chrono::system_clock::now());
    if (!tokens) return tl::unexpected(StepFailure{step + ": " + tokens.error().message});
    return *tokens;
  }

  static StepFailure Unexpected(std::string const& step, Answer const& answer) {
    StepFailure failure;
    failure.what = step + ": HTTP " + std::to_string(answer.status) + " " + answer.body.substr(0, 120);
    failure.lost = answer.status == 401 || answer.body.find("invalid_grant") != std::string::npos;
    return failure;
  }

  // One request on the keep-alive session; transport failures (Poco exceptions) become values.
  tl::expected<Answer, StepFailure> Exchange(std::string const& step, std::string const& method,
                                             std::string const& path, Poco::Net::HTMLForm* form,
                                             std::string const& authorization) {
    tally_.Request();
    try {
      Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
      request.setHost(base_.getHost(), base_.getPort());
      request.setKeepAlive(true);
      if (!authorization.empty()) request.set("Authorization", authorization);
      if (form) {
        form->setEncoding(Poco::Net::HTMLForm::ENCODING_URL);
        form->prepareSubmit(request);
        form->write(session_.sendRequest(request));
      } else {
        session_.sendRequest(request);
      }
      Poco::Net::HTTPResponse response;
      std::istream& in = session_.receiveResponse(response);
      Answer answer;
      answer.status = static_cast<int>(response.getStatus());
      answer.location = response.get("Location", "");
      char buffer[8192];
      while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        answer.body.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (answer.body.size() > kMaxBodyBytes) {
          return tl::unexpected(StepFailure{step + ": answer over " + std::to_string(kMaxBodyBytes) +
                                            " bytes"});
        }
      }
      return answer;
    } catch (Poco::Exception const& e) {
      return tl::unexpected(StepFailure{step + ": " + e.displayText()});
    } catch (std::exception const& e) {
      return tl::unexpected(StepFailure{step + ": " + e.what()});
    }
  }

  SoakOptions const& options_;
  std::optional<std::string> login_hint_;
  IssuedLedger& ledger_;
  Tally& tally_;
  Poco::URI base_;
  Poco::Net::HTTPClientSession session_;
};

}  // namespace

SoakDriver::SoakDriver(SoakOptions options) : options_(std::move(options)) {}

SoakReport SoakDriver::Run(std::chrono::milliseconds duration) {
  std::uint64_t const duplicates_before = ledger_.duplicates();
  Tally tally;
  auto const start = Clock::now();
  auto const end = start + duration;
  std::vector<std::thread> loops;
  loops.reserve(static_cast<std::size_t>(options_.loops));
  for (int i = 0; i < options_.loops; ++i) {
    std::optional<std::string> login_hint;
    if (!options_.login_hints.empty()) {
      login_hint = options_.login_hints[static_cast<std::size_t>(i) % options_.login_hints.size()];
    }
    loops.emplace_back([&, login_hint] {
      try {
        FlowLoop(options_, login_hint, ledger_, tally).RunUntil(end);
      } catch (Poco::Exception const& e) {  // a base URL Poco cannot parse
        tally.Fail(StepFailure{"loop: " + e.displayText()});
      }
    });
  }
  for (std::thread& loop : loops) loop.join();
  SoakReport report;
  tally.Into(report);
  report.duplicates = ledger_.duplicates() - duplicates_before;
  report.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  return report;
}

}  // namespace gauthflow::load
