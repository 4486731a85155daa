#include "conformance/admin_client.h"

#include <sstream>

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

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

AdminClient::AdminClient(std::string base_url) : base_url_(std::move(base_url)) {}

Outcome<std::string> AdminClient::Call(std::string const& method, std::string const& path,
                                       std::string const& body, std::string const& content_type,
                                       int* status) const {
  try {
    Poco::URI const base(base_url_);
    Poco::Net::HTTPClientSession session(base.getHost(), base.getPort());
    session.setTimeout(Poco::Timespan(std::chrono::duration_cast<std::chrono::microseconds>(kTimeout).count()));
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!body.empty() || method == "POST") {
      request.setContentType(content_type);
      request.setContentLength(static_cast<std::streamsize>(body.size()));
    }
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    std::string text;
    char buffer[8192];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
      text.append(buffer, static_cast<std::size_t>(in.gcount()));
      if (text.size() > kMaxAnswerBytes) return tl::unexpected("the fake's answer to " + path + " is too large");
    }
    if (status) {
      *status = response.getStatus();
    } else if (response.getStatus() != 200) {
      return tl::unexpected(method + " " + path + " answered " + std::to_string(response.getStatus()) +
                            ": " + text.substr(0, 300));
    }
    return text;
  } catch (Poco::Exception const& e) {
    return tl::unexpected(method + " " + path + " failed: " + e.displayText());
  }
}

Outcome<std::vector<SeenRequest>> AdminClient::Journal() const {
  auto text = Call("GET", "/__admin/journal", "", "", nullptr);
  if (!text) return tl::unexpected(text.error());
  auto root = ParseObject(*text);
  if (!root) return tl::unexpected(root.error());
  std::vector<SeenRequest> seen;
  auto entries = (*root)->getArray("entries");
  if (!entries) return seen;
  for (std::size_t i = 0; i < entries->size(); ++i) {
    auto item = entries->getObject(static_cast<unsigned>(i));
    if (!item) continue;
    SeenRequest request;
    request.method = item->optValue<std::string>("method", "");
    request.path = item->optValue<std::string>("path", "");
    request.query = ReadPairs(item->getArray("query"));
    request.form = ReadPairs(item->getArray("form"));
    std::string const authorization = item->optValue<std::string>("authorization", "");
    request.auth_scheme = authorization.substr(0, authorization.find(' '));
    request.status = item->optValue<int>("status", 0);
    request.epoch_ms = item->optValue<std::int64_t>("epoch_ms", 0);
    seen.push_back(std::move(request));
  }
  return seen;
}

Outcome<std::vector<SeenViolation>> AdminClient::Violations() const {
  auto text = Call("GET", "/__admin/violations", "", "", nullptr);
  if (!text) return tl::unexpected(text.error());
  auto root = ParseObject(*text);
  if (!root) return tl::unexpected(root.error());
  std::vector<SeenViolation> seen;
  auto list = (*root)->getArray("violations");
  if (!list) return seen;
  for (std::size_t i = 0; i < list->size(); ++i) {
    auto item = list->getObject(static_cast<unsigned>(i));
    if (!item) continue;
    seen.push_back({item->optValue<std::string>("kind", ""), item->optValue<std::string>("detail", "")});
  }
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
