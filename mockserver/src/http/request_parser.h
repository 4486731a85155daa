#ifndef GAUTHFLOW_MOCKSERVER_HTTP_REQUEST_PARSER_H_
#define GAUTHFLOW_MOCKSERVER_HTTP_REQUEST_PARSER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "http/http_message.h"

namespace gauthflow::mockserver::http {

// Size bounds on what one request may make the parser hold.
struct ParserLimits {
  std::size_t max_request_line_bytes = 8 * 1024;  // longer: 414 (RFC 9112 §3)
  std::size_t max_header_line_bytes = 8 * 1024;   // one field line longer: 431 (RFC 6585 §5)
  std::size_t max_header_count = 100;             // more field lines: 431
  std::size_t max_header_bytes = 64 * 1024;       // all field lines together: 431
  std::size_t max_body_bytes = 64 * 1024;         // larger body: 413 (RFC 9110 §15.5.14)
};

// An incremental HTTP/1.1 request parser (RFC 9112): bytes go in as they arrive, in pieces of
// any size, and a request comes out once it is complete. No I/O, no clock: the caller owns the
// socket and the deadlines, and asks phase() which deadline applies.
//
//   RequestParser parser(limits);
//   std::size_t used = parser.Feed(bytes);   // stops after one complete request or an error
//   if (parser.phase() == RequestParser::Phase::kComplete) Serve(parser.Take());
//   // bytes.substr(used) belong to the next (pipelined) request
//
// A rejected request (framing error or limit) ends in kComplete too, with `rejection` set; the
// caller answers it and closes the connection, since the framing of what follows is unknown.
class RequestParser {
 public:
  enum class Phase {
    kIdle,      // no byte of a request yet
    kHeaders,   // inside the request line or the header section
    kBody,      // headers complete, body (Content-Length or chunked) still arriving
    kComplete,  // a request (or a rejection) is ready: Take() it
  };

  explicit RequestParser(ParserLimits limits) : limits_(limits) {}

  // Consumes bytes up to the end of one request; returns how many it used.
  std::size_t Feed(std::string_view data);
  Phase phase() const { return phase_; }
  // True once the headers of a request with a body asked "Expect: 100-continue" (RFC 9110
  // §10.1.1) and nothing refused it: the server should send "100 Continue".
  bool expects_continue() const { return expects_continue_; }
  // The complete request; the parser is then ready for the next one.
  HttpRequest Take();

 private:
  enum class State { kRequestLine, kHeaderLine, kBody, kChunkSize, kChunkData, kChunkEnd,
                     kTrailerLine, kDone };

  std::size_t FeedLine(std::string_view data, std::size_t max_bytes);
  void OnLine(std::string_view line);
  void OnRequestLine(std::string_view line);
  void OnHeaderLine(std::string_view line, bool trailer);
  void OnHeadersComplete();
  void OnChunkSize(std::string_view line);
  void Reject(int status, std::string message);
  void Complete();

  ParserLimits const limits_;
  Phase phase_ = Phase::kIdle;
  State state_ = State::kRequestLine;
  std::string line_;              // the line being read, without its end
  bool line_too_long_ = false;
  std::size_t header_bytes_ = 0;  // field lines read so far (headers and trailers)
  std::size_t header_count_ = 0;
  std::uint64_t remaining_ = 0;   // of the Content-Length body or of the current chunk
  bool expects_continue_ = false;
  HttpRequest request_;
};

}  // namespace gauthflow::mockserver::http

#endif  // GAUTHFLOW_MOCKSERVER_HTTP_REQUEST_PARSER_H_
