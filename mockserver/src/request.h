#ifndef GAUTHFLOW_MOCKSERVER_REQUEST_H_
#define GAUTHFLOW_MOCKSERVER_REQUEST_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gauthflow::mockserver {

// Decoded name/value pairs in the order they were sent. Names are case-sensitive, as Google's.
using Params = std::vector<std::pair<std::string, std::string>>;

// One HTTP request, read off the wire once by the handler so routes are plain functions.
struct Request {
  std::string method;
  std::string path;       // without the query
  std::string raw_query;  // as sent, without '?'
  Params query;           // decoded query parameters
  Params form;            // decoded application/x-www-form-urlencoded body; empty otherwise
  std::string body;
  std::string content_type;
  std::string authorization;  // the Authorization header, if any
};

// application/x-www-form-urlencoded (also query strings): '+' is a space, %XX decoded.
Params ParseUrlEncoded(std::string_view text);

// The first value of `name`, if present.
std::optional<std::string> FindParam(Params const& params, std::string_view name);
// The first value of `name`, or "" when absent.
std::string GetParam(Params const& params, std::string_view name);
// How often `name` occurs.
int CountParam(Params const& params, std::string_view name);

// Percent-encodes a query value. '/' and ':' stay readable, as in Google's redirects
// (code=4/0A...&scope=https://www.googleapis.com/auth/...).
std::string EncodeQueryValue(std::string_view value);

// RFC 6749 §2.3.1: HTTP Basic with the client id and secret each form-urlencoded first.
struct BasicCredentials {
  std::string id;
  std::string secret;
};
std::optional<BasicCredentials> ParseBasicAuthorization(std::string_view header);

// RFC 6750 §2.1: "Bearer <token>" (scheme case-insensitive). nullopt without one.
std::optional<std::string> ParseBearerAuthorization(std::string_view header);

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_REQUEST_H_
