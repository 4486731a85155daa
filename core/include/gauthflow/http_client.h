#ifndef GAUTHFLOW_HTTP_CLIENT_H_
#define GAUTHFLOW_HTTP_CLIENT_H_

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

// Sends one HTTP request. Fails only when the exchange itself fails (kTransport, kTimeout,
// kInsecureTransport): a 400 or a 503 is a normal HttpResponse that the caller interprets.
class HttpClient {
 public:
  virtual ~HttpClient() = default;
  virtual Result<HttpResponse> Send(HttpRequest const& request) = 0;
};

}  // namespace gauthflow

#endif  // GAUTHFLOW_HTTP_CLIENT_H_
