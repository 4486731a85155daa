#ifndef GAUTHFLOW_MOCKSERVER_HTTP_RESPONSE_WRITER_H_
#define GAUTHFLOW_MOCKSERVER_HTTP_RESPONSE_WRITER_H_

#include <string>
#include <string_view>

#include "http/http_message.h"

namespace gauthflow::mockserver::http {

struct WireOptions {
  bool keep_alive = true;     // false: "Connection: close"
  bool http10 = false;        // answering HTTP/1.0: persistence must be announced
  bool head = false;          // HEAD: the body's length, not its bytes (RFC 9110 §9.3.2)
  std::string_view date;      // IMF-fixdate (RFC 9110 §5.6.7)
};

// Appends the status line, header section and body (all of it; kTruncate cuts it later) to `out`.
// Content-Length, Connection and Date are added here.
void AppendResponse(HttpResponse const& response, WireOptions const& options, std::string& out);

// How many bytes of a response written by AppendResponse go out when it is truncated: the head
// and half of the body.
std::size_t TruncatedSize(HttpResponse const& response, std::size_t wire_size);

// "100 Continue" (RFC 9110 §15.2.1).
inline constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

}  // namespace gauthflow::mockserver::http

#endif  // GAUTHFLOW_MOCKSERVER_HTTP_RESPONSE_WRITER_H_
