#include "conformance/admin_client.h"

#include <sstream>

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTMLForm.h>

#include "gauthflow/poco/poco_http_client.h"

namespace gauthflow::mockserver::conformance {
namespace {

constexpr std::size_t kMaxAnswerBytes = 32 * 1024 * 1024;  // a full journal is ~10 MB
constexpr auto kTimeout = std::chrono::seconds(10);

std::string Find(NameValues const& pairs, std::string const& name) {
  for (auto const& [key, value] : pairs) {
    if (key == name) return value;
  }
  return {};
}

NameValues ReadPairs(Poco::JSON::Array::Ptr const& array) {
  NameValues pairs;
  if (!array) return pairs;
  for (std::size_t i = 0; i < array->size(); ++i) {
    auto item = array->getObject(static_cast<unsigned>(i));
    if (!item) continue;
    pairs.emplace_back(item->optValue<std::string>("name", ""), item->optValue<std::string>("value", ""));
  }
  return pairs;
}

Outcome<Poco::JSON::Object::Ptr> ParseObject(std::string const& text) {
  try {
    Poco::JSON::Parser parser;
    auto value = parser.parse(text);
    if (value.type() == typeid(Poco::JSON::Object::Ptr)) return value.extract<Poco::JSON::Object::Ptr>();
  } catch (Poco::Exception const& e) {
    return tl::unexpected("the fake's answer is not JSON: " + e.displayText());
  }
  return tl::unexpected(std::string("the fake's answer is not a JSON object"));
}

}  // namespace

bool SeenRequest::HasQuery(std::string const& name) const {
  for (auto const& [key, value] : query) {
    if (key == name) return true;
  }
  return false;
}
std::string SeenRequest::Query(std::string const& name) const { return Find(query, name); }
std::string SeenRequest::Form(std::string const& name) const { return Find(form, name); }

bool SeenRequest::IsTokenRequest(std::string const& grant) const {
  return method == "POST" && (path == "/token" || path == "/oauth2/v4/token") &&
         (grant.empty() || Form("grant_type") == grant);
}

AdminClient::AdminClient(std::string base_url, std::string ca_file) : base_url_(std::move(base_url)) {
  PocoHttpClientOptions options;
  options.deadline = kTimeout;
  options.connect_timeout = kTimeout;
  options.read_timeout = kTimeout;
  options.max_response_bytes = kMaxAnswerBytes;
  options.ca_file = std::move(ca_file);
  options.user_agent = "gauthflow-conformance/0.1";
  if (auto client = PocoHttpClient::Create(std::move(options)); client) {
    http_ = std::shared_ptr<HttpClient>(std::move(*client));
  } else {
    http_error_ = client.error().message;
  }
}

Outcome<std::string> AdminClient::Call(std::string const& method, std::string const& path,
                                       std::string const& body, std::string const& content_type,
                                       int* status) const {
  if (!http_) return tl::unexpected("no HTTP client for the fake's admin API: " + http_error_);
  HttpRequest request;
  request.method = method;
  request.url = base_url_ + path;
  if (!body.empty() || method == "POST") request.headers.emplace_back("Content-Type", content_type);
  request.body = body;
  auto response = http_->Send(request);
  if (!response) return tl::unexpected(method + " " + path + " failed: " + response.error().message);
  if (status) {
    *status = response->status;
  } else if (response->status != 200) {
    return tl::unexpected(method + " " + path + " answered " + std::to_string(response->status) + ": " +
                          response->body.substr(0, 300));
  }
  return std::move(response->body);
}

Outcome<void> AdminClient::ForEachListed(
    std::string const& path, std::string const& key,
    std::function<void(Poco::JSON::Object const&)> const& each) const {
  auto text = Call("GET", path, "", "", nullptr);
  if (!text) return tl::unexpected(text.error());
  auto root = ParseObject(*text);
  if (!root) return tl::unexpected(root.error());
  auto list = (*root)->getArray(key);
  if (!list) return {};
  for (std::size_t i = 0; i < list->size(); ++i) {
    if (auto item = list->getObject(static_cast<unsigned>(i))) each(*item);
  }
  return {};
}

Outcome<std::vector<SeenRequest>> AdminClient::Journal() const {
  std::vector<SeenRequest> seen;
  auto listed = ForEachListed("/__admin/journal", "entries", [&](Poco::JSON::Object const& item) {
    SeenRequest request;
    request.method = item.optValue<std::string>("method", "");
    request.path = item.optValue<std::string>("path", "");
    request.query = ReadPairs(item.getArray("query"));
    request.form = ReadPairs(item.getArray("form"));
    std::string const authorization = item.optValue<std::string>("authorization", "");
    request.auth_scheme = authorization.substr(0, authorization.find(' '));
    request.status = item.optValue<int>("status", 0);
    request.epoch_ms = item.optValue<std::int64_t>("epoch_ms", 0);
    seen.push_back(std::move(request));
  });
  if (!listed) return tl::unexpected(listed.error());
  return seen;
}

Outcome<std::vector<SeenViolation>> AdminClient::Violations() const {
  std::vector<SeenViolation> seen;
  auto listed = ForEachListed("/__admin/violations", "violations", [&](Poco::JSON::Object const& item) {
    seen.push_back({item.optValue<std::string>("kind", ""), item.optValue<std::string>("detail", "")});
  });
  if (!listed) return tl::unexpected(listed.error());
  return seen;
}

Outcome<void> AdminClient::ArmFault(FaultSpec const& fault) const {
  Poco::JSON::Object body;
  body.set("path", fault.path);
  body.set("kind", fault.kind);
  body.set("count", fault.count);
  if (fault.kind == "status") body.set("status", fault.status);
  if (fault.kind == "delay") body.set("delay_ms", fault.delay_ms);
  if (fault.kind == "rate_limit") body.set("retry_after", fault.retry_after);
  if (!fault.error.empty()) body.set("error", fault.error);
  if (!fault.message.empty()) body.set("message", fault.message);
  std::ostringstream text;
  body.stringify(text);
  auto answer = Call("POST", "/__admin/faults", text.str(), "application/json", nullptr);
  if (!answer) return tl::unexpected(answer.error());
  return {};
}

Outcome<void> AdminClient::AdvanceClock(std::chrono::seconds by) const {
  auto answer = Call("POST", "/__admin/clock/advance",
                     "{\"seconds\": " + std::to_string(by.count()) + "}", "application/json", nullptr);
  if (!answer) return tl::unexpected(answer.error());
  return {};
}

Outcome<void> AdminClient::Reset() const {
  auto answer = Call("POST", "/__admin/reset", "", "application/json", nullptr);
  if (!answer) return tl::unexpected(answer.error());
  return {};
}

Outcome<std::vector<SeenDevice>> AdminClient::Devices() const {
  std::vector<SeenDevice> seen;
  auto listed = ForEachListed("/__admin/devices", "devices", [&](Poco::JSON::Object const& item) {
    seen.push_back({item.optValue<std::string>("user_code", ""), item.optValue<std::string>("status", "")});
  });
  if (!listed) return tl::unexpected(listed.error());
  return seen;
}

Outcome<void> AdminClient::DecideDevice(std::string const& user_code, bool approve,
                                        std::string const& user) const {
  Poco::JSON::Object body;
  body.set("user_code", user_code);
  if (approve) body.set("user", user);
  std::ostringstream text;
  body.stringify(text);
  auto answer = Call("POST", approve ? "/__admin/devices/approve" : "/__admin/devices/deny", text.str(),
                     "application/json", nullptr);
  if (!answer) return tl::unexpected(answer.error());
  return {};
}

Outcome<TokenAnswer> AdminClient::RedeemCode(std::string const& code, std::string const& redirect_uri,
                                             std::string const& client_id,
                                             std::string const& client_secret) const {
  Poco::Net::HTMLForm form;
  form.set("grant_type", "authorization_code");
  form.set("code", code);
  form.set("redirect_uri", redirect_uri);
  form.set("client_id", client_id);
  form.set("client_secret", client_secret);
  // Not the application's verifier: a code it has redeemed answers "Bad Request" (reused) before
  // the verifier is looked at, an unredeemed one "Invalid code verifier.".
  form.set("code_verifier", std::string(43, 'x'));
  std::ostringstream body;
  form.write(body);
  int status = 0;
  auto text = Call("POST", "/token", body.str(), "application/x-www-form-urlencoded", &status);
  if (!text) return tl::unexpected(text.error());
  TokenAnswer answer;
  answer.status = status;
  if (auto root = ParseObject(*text); root) {
    answer.error = (*root)->optValue<std::string>("error", "");
    answer.error_description = (*root)->optValue<std::string>("error_description", "");
  }
  return answer;
}

}  // namespace gauthflow::mockserver::conformance
