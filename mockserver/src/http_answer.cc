#include "http_answer.h"

#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

namespace gauthflow::mockserver {
namespace {

std::string Serialize(Poco::JSON::Object const& object) {
  std::ostringstream out;
  object.stringify(out, 2);
  return out.str();
}

}  // namespace

HttpAnswer GoogleApiError(int code, std::string const& status_name, ApiErrorItem const& item) {
  Poco::JSON::Object entry(Poco::JSON_PRESERVE_KEY_ORDER);
  entry.set("message", item.message);
  entry.set("domain", item.domain);
  entry.set("reason", item.reason);
  if (!item.location.empty()) entry.set("location", item.location);
  if (!item.location_type.empty()) entry.set("locationType", item.location_type);
  Poco::JSON::Array errors;
  errors.add(entry);
  Poco::JSON::Object error(Poco::JSON_PRESERVE_KEY_ORDER);
  error.set("code", code);
  error.set("message", item.message);
  error.set("errors", errors);
  error.set("status", status_name);
  Poco::JSON::Object root(Poco::JSON_PRESERVE_KEY_ORDER);
  root.set("error", error);
  HttpAnswer answer;
  answer.status = code;
  answer.body = Serialize(root);
  return answer;
}

HttpAnswer OAuthError(int status, std::string const& error, std::string const& description) {
  Poco::JSON::Object root(Poco::JSON_PRESERVE_KEY_ORDER);
  root.set("error", error);
  if (!description.empty()) root.set("error_description", description);
  HttpAnswer answer;
  answer.status = status;
  answer.body = Serialize(root);
  return answer;
}

}  // namespace gauthflow::mockserver
