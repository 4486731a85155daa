#ifndef GAUTHFLOW_HTTP_CLIENT_H_
#define GAUTHFLOW_HTTP_CLIENT_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gauthflow/error.h"

namespace gauthflow {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  HttpHeaders headers;
  std::string body;
};

struct HttpResponse {
  int status = 0;
  HttpHeaders headers;
  std::string body;
};

// Case-insensitive header lookup (RFC 9110 §5.1); the first match wins.
std::optional<std::string> FindHeader(HttpHeaders const& headers, std::string_view name);

// The wait a Retry-After header asks for (RFC 9110 §10.2.3): delay-seconds, or an HTTP-date
// (IMF-fixdate, or the obsolete RFC 850 and asctime forms recipients must accept) measured
// from `now` (zero when it is past). nullopt when absent or unreadable. Values beyond a day
// are read as a day.
std::optional<std::chrono::system_clock::duration> ParseRetryAfter(
    HttpHeaders const& headers, std::chrono::system_clock::time_point now);

// Sends one HTTP request. Fails only when the exchange itself fails (kTransport, kTimeout,
// kInsecureTransport): a 400 or a 503 is a normal HttpResponse that the caller interprets.
// A failure says in Error::reach whether the request may have reached the server.
class HttpClient {
 public:
  virtual ~HttpClient() = default;
  virtual Result<HttpResponse> Send(HttpRequest const& request) = 0;
};

}  // namespace gauthflow

#endif  // GAUTHFLOW_HTTP_CLIENT_H_
