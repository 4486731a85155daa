#ifndef GAUTHFLOW_MOCKSERVER_HTTP_ANSWER_H_
#define GAUTHFLOW_MOCKSERVER_HTTP_ANSWER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gauthflow::mockserver {

// What a handler decided to send; written to the Poco response in one place.
struct HttpAnswer {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// A flat JSON object of string and integer members, written byte for byte as
// Poco::JSON::Object(JSON_PRESERVE_KEY_ORDER).stringify(out, 2) writes it (the fake's answers
// have always had that shape), but straight into one string: the token endpoint answers tens of
// thousands of times a second, and Poco's Var boxing and ostream writes were a tenth of its cost.
// Strings that need escaping are escaped by Poco::toJSON, as Poco's stringify does.
class FlatJsonObject {
 public:
  FlatJsonObject& Add(std::string_view key, std::string_view value);
  FlatJsonObject& Add(std::string_view key, std::int64_t value);
  // The object's text; the builder is empty afterwards.
  std::string Take();

 private:
  void Key(std::string_view key);
  std::string text_;
};

// One entry of a Google API error's "errors" array.
struct ApiErrorItem {
  std::string message;
  std::string domain = "global";
  std::string reason;
  std::string location;       // omitted when empty
  std::string location_type;  // omitted when empty
};

// Google's JSON error shape for APIs such as Drive v3:
// {"error": {"code": N, "message": M, "errors": [{...}], "status": S}}.
// `status_name` is the canonical gRPC-style name (e.g. "UNAUTHENTICATED", "INVALID_ARGUMENT").
HttpAnswer GoogleApiError(int code, std::string const& status_name, ApiErrorItem const& item);

// The OAuth endpoints' error shape (RFC 6749 §5.2): {"error": E, "error_description": D}.
// `description` empty = the field is left out.
HttpAnswer OAuthError(int status, std::string const& error, std::string const& description);

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_HTTP_ANSWER_H_
