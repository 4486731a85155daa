#ifndef GAUTHFLOW_MOCKSERVER_HTTP_HTTP_MESSAGE_H_
#define GAUTHFLOW_MOCKSERVER_HTTP_HTTP_MESSAGE_H_

// The HTTP/1.1 messages the serving layer exchanges with its handler. Generic HTTP: nothing
// here knows what the server serves.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gauthflow::mockserver::http {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// Why a request was refused before it reached the handler's routes: a framing error, a limit, or
// the connection limit. The connection is closed after the answer.
struct Rejection {
  int status = 400;
  std::string message;  // for a person: what was wrong and, for a limit, the limit
};

// One request as read off the wire. With `rejection` set it is incomplete: method and target
// are filled in when the request line was read, the rest may be empty.
struct HttpRequest {
  std::string method;
  std::string target;  // request-target as sent (origin-form: path and query)
  int version_minor = 1;  // HTTP/1.x
  HeaderList headers;     // in order, names as sent
  std::string body;       // Content-Length or de-chunked body
  bool keep_alive = true;  // RFC 9112 §9.3: the client's wish; the server may still close
  std::optional<Rejection> rejection;

  // The first value of a header, compared case-insensitively (RFC 9110 §5.1), or "".
  std::string_view Header(std::string_view name) const;
};

// How the connection ends after a response. kTruncate and kReset exist to inject faults.
enum class Ending {
  kKeepAlive,  // keep the connection if the request allows it
  kClose,      // "Connection: close", then a graceful close
  kTruncate,   // announce the whole body, send half of it, close
  kReset,      // send nothing, close with SO_LINGER 0 (the peer sees a TCP RST)
};

struct HttpResponse {
  int status = 200;
  HeaderList headers;  // without Content-Length, Connection and Date: the server adds those
  std::string body;
  Ending ending = Ending::kKeepAlive;
  // Held back this long on a timer of the connection's loop before it is written; no thread
  // waits meanwhile.
  std::chrono::milliseconds delay{0};
};

// A request handler. Called on a serving thread with a complete (or rejected) request; must not
// block on I/O. Thread-safe: several serving threads call it at once.
class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  virtual HttpResponse Handle(HttpRequest const& request) = 0;
};

}  // namespace gauthflow::mockserver::http

#endif  // GAUTHFLOW_MOCKSERVER_HTTP_HTTP_MESSAGE_H_
