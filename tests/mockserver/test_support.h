#ifndef GAUTHFLOW_TESTS_MOCKSERVER_TEST_SUPPORT_H_
#define GAUTHFLOW_TESTS_MOCKSERVER_TEST_SUPPORT_H_

// Shared helpers for the fake server's tests: a manual clock, a small HTTP client over
// loopback, and the steps of the authorization-code flow.

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <regex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <gtest/gtest.h>

#include "gauthflow/mockserver/clock.h"
#include "gauthflow/mockserver/fake_google_server.h"
#include "gauthflow/mockserver/server_config.h"

namespace gauthflow::mockserver::testing {

// Moves only when told to.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(time_point start = time_point(std::chrono::seconds(1'800'000'000)))
      : now_(start) {}
  time_point Now() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return now_;
  }
  void Advance(std::chrono::seconds by) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ += by;
  }

 private:
  mutable std::mutex mu_;
  time_point now_;
};

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;  // last value per name, as sent
  std::string body;

  std::string Header(std::string const& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  Poco::JSON::Object::Ptr Json() const {
    Poco::JSON::Parser parser;
    return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
  }
  std::string Field(std::string const& name) const {
    auto json = Json();
    return json->has(name) ? json->get(name).convert<std::string>() : std::string("<absent>");
  }
};

inline std::string FormEncode(std::vector<std::pair<std::string, std::string>> const& params) {
  std::string out;
  for (auto const& [name, value] : params) {
    std::string encoded;
    Poco::URI::encode(value, "!#$&'()*+,/:;=?@[]", encoded);
    out += (out.empty() ? "" : "&") + name + "=" + encoded;
  }
  return out;
}

// One request over a fresh connection (no redirect following).
inline HttpResult Send(std::string const& base_url, std::string const& method,
                       std::string const& path_and_query, std::string const& body = "",
                       std::string const& content_type = "",
                       std::vector<std::pair<std::string, std::string>> const& headers = {}) {
  Poco::URI base(base_url);
  Poco::Net::HTTPClientSession session(base.getHost(), base.getPort());
  session.setTimeout(Poco::Timespan(30, 0));
  Poco::Net::HTTPRequest request(method, path_and_query, Poco::Net::HTTPMessage::HTTP_1_1);
  for (auto const& [name, value] : headers) request.set(name, value);
  if (!content_type.empty()) request.setContentType(content_type);
  if (!body.empty() || method == "POST") request.setContentLength(static_cast<std::streamsize>(body.size()));
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  HttpResult result;
  result.status = static_cast<int>(response.getStatus());
  for (auto const& [name, value] : response) result.headers[name] = value;
  Poco::StreamCopier::copyToString(in, result.body);
  return result;
}

inline HttpResult Get(std::string const& base_url, std::string const& path_and_query,
                      std::vector<std::pair<std::string, std::string>> const& headers = {}) {
  return Send(base_url, "GET", path_and_query, "", "", headers);
}

inline HttpResult PostForm(std::string const& base_url, std::string const& path,
                           std::vector<std::pair<std::string, std::string>> const& form,
                           std::vector<std::pair<std::string, std::string>> const& headers = {}) {
  return Send(base_url, "POST", path, FormEncode(form), "application/x-www-form-urlencoded", headers);
}

inline HttpResult PostJson(std::string const& base_url, std::string const& path, std::string const& json) {
  return Send(base_url, "POST", path, json, "application/json");
}

// The first capture of `pattern` in `text`, or "".
inline std::string Capture(std::string const& text, std::string const& pattern) {
  std::smatch match;
  std::regex re(pattern);
  return std::regex_search(text, match, re) ? match[1].str() : std::string();
}

// A query parameter of a URL (decoded), or "<absent>".
inline std::string QueryParam(std::string const& url, std::string const& name) {
  for (auto const& [key, value] : Poco::URI(url).getQueryParameters()) {
    if (key == name) return value;
  }
  return "<absent>";
}

inline constexpr char kClientId[] = "gauthflow-demo.apps.googleusercontent.com";
inline constexpr char kClientSecret[] = "GOCSPX-gauthflow-demo-secret";
inline constexpr char kUser[] = "alice@example.com";
inline constexpr char kRedirect[] = "http://127.0.0.1:8765/";
inline constexpr char kVerifier[] = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";  // RFC 7636 App. B
inline constexpr char kChallenge[] = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
inline constexpr char kDriveMeta[] = "https://www.googleapis.com/auth/drive.metadata.readonly";

// A started server with the built-in defaults (plus tweaks) and a manual clock.
class ServerTest : public ::testing::Test {
 protected:
  void StartServer(ServerConfig config = DefaultServerConfig()) {
    clock_ = std::make_shared<ManualClock>();
    server_ = std::make_unique<FakeGoogleServer>(std::move(config), clock_);
    auto started = server_->Start();
    ASSERT_TRUE(started) << started.error().message;
    base_ = server_->base_url();
  }
  void SetUp() override { StartServer(); }
  void TearDown() override {
    if (server_) server_->Stop();
  }

  // The authorization URL's path and query.
  static std::string AuthPath(std::vector<std::pair<std::string, std::string>> params) {
    return "/o/oauth2/v2/auth?" + FormEncode(params);
  }
  static std::vector<std::pair<std::string, std::string>> DefaultAuthParams(
      std::string const& scope = kDriveMeta, bool offline = true) {
    std::vector<std::pair<std::string, std::string>> params = {
        {"client_id", kClientId}, {"redirect_uri", kRedirect}, {"response_type", "code"},
        {"scope", scope},         {"state", "xyz-state"},      {"code_challenge", kChallenge},
        {"code_challenge_method", "S256"}};
    if (offline) params.emplace_back("access_type", "offline");
    return params;
  }

  // GET the consent page, then POST the decision; returns the approval answer.
  HttpResult Decide(std::vector<std::pair<std::string, std::string>> const& auth_params,
                    std::string const& decision, std::string const& account = kUser) {
    HttpResult page = Get(base_, AuthPath(auth_params));
    EXPECT_EQ(page.status, 200) << page.body;
    std::string tx = Capture(page.body, "name=\"tx\" value=\"([^\"]+)\"");
    EXPECT_FALSE(tx.empty());
    return PostForm(base_, "/o/oauth2/approval",
                    {{"tx", tx}, {"account", account}, {"decision", decision}});
  }

  // Runs the consent and returns the code from the redirect.
  std::string Code(std::vector<std::pair<std::string, std::string>> const& auth_params) {
    HttpResult approval = Decide(auth_params, "allow");
    EXPECT_EQ(approval.status, 302) << approval.body;
    return QueryParam(approval.Header("Location"), "code");
  }

  HttpResult Exchange(std::string const& code, std::string const& verifier = kVerifier,
                      std::string const& redirect = kRedirect) {
    std::vector<std::pair<std::string, std::string>> form = {
        {"grant_type", "authorization_code"}, {"code", code},          {"redirect_uri", redirect},
        {"client_id", kClientId},             {"client_secret", kClientSecret}};
    if (!verifier.empty()) form.emplace_back("code_verifier", verifier);
    return PostForm(base_, "/token", form);
  }

  // auth code → tokens, returning the token answer.
  HttpResult Tokens(std::string const& scope = kDriveMeta, bool offline = true) {
    return Exchange(Code(DefaultAuthParams(scope, offline)));
  }

  std::shared_ptr<ManualClock> clock_;
  std::unique_ptr<FakeGoogleServer> server_;
  std::string base_;
};

}  // namespace gauthflow::mockserver::testing

#endif  // GAUTHFLOW_TESTS_MOCKSERVER_TEST_SUPPORT_H_
