#include "http_answer.h"

#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSONString.h>

namespace gauthflow::mockserver {
namespace {

std::string Serialize(Poco::JSON::Object const& object) {
  std::ostringstream out;
  object.stringify(out, 2);
  return out.str();
}

// Whether Poco writes `text` as it is between quotes: printable ASCII without '"' and '\\'.
// Anything else (control characters, non-ASCII, the two escapes) goes through Poco::toJSON.
bool IsPlainJsonText(std::string_view text) {
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7e || c == '"' || c == '\\') return false;
  }
  return true;
}

void AppendJsonString(std::string_view text, std::string& out) {
  if (IsPlainJsonText(text)) {
    out += '"';
    out += text;
    out += '"';
  } else {
    // Poco's Object::stringify formats strings with JSON_WRAP_STRINGS (no Unicode escaping).
    out += Poco::toJSON(std::string(text), Poco::JSON_WRAP_STRINGS);
  }
}

}  // namespace

// Poco's layout with indent 2: "{", then each member on its own line indented by two spaces as
// `"key": value`, members separated by ",", and "}" on a line of its own.
void FlatJsonObject::Key(std::string_view key) {
  if (text_.empty()) {
    text_.reserve(512);  // a token answer without an id_token, in one allocation
    text_ += "{\n  ";
  } else {
    text_ += ",\n  ";
  }
  AppendJsonString(key, text_);
  text_ += ": ";
}

FlatJsonObject& FlatJsonObject::Add(std::string_view key, std::string_view value) {
  Key(key);
  AppendJsonString(value, text_);
  return *this;
}

FlatJsonObject& FlatJsonObject::Add(std::string_view key, std::int64_t value) {
  Key(key);
  text_ += std::to_string(value);
  return *this;
}

std::string FlatJsonObject::Take() {
  std::string out = text_.empty() ? std::string("{\n}") : std::move(text_) + "\n}";
  text_.clear();
  return out;
}

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
  FlatJsonObject root;
  root.Add("error", error);
  if (!description.empty()) root.Add("error_description", description);
  HttpAnswer answer;
  answer.status = status;
  answer.body = root.Take();
  return answer;
}

}  // namespace gauthflow::mockserver
