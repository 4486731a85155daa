#ifndef GAUTHFLOW_MOCKSERVER_HTTP_HTTP_SERVER_H_
#define GAUTHFLOW_MOCKSERVER_HTTP_HTTP_SERVER_H_

#include <chrono>
#include <memory>
#include <string>

#include <tl/expected.hpp>

#include "http/http_message.h"
#include "http/request_parser.h"
#include "http/transport.h"

namespace gauthflow::mockserver::http {

// What bounds one connection and the server as a whole.
struct ServingOptions {
  ParserLimits parser;
  std::chrono::milliseconds header_timeout{30'000};  // accept (or first byte) to end of headers
  std::chrono::milliseconds idle_timeout{60'000};    // between keep-alive requests
  std::chrono::milliseconds body_timeout{30'000};    // end of headers to end of body
  std::chrono::milliseconds write_timeout{30'000};   // a response that the peer does not read
  std::chrono::milliseconds linger_timeout{2'000};   // reading what follows a final answer
  int max_connections = 16'384;  // beyond: one 503 from the handler, then close
  // Event loops; each accepts, reads, writes, and runs complete requests itself, nginx-style.
  // Measured against handing requests to a worker pool and posting answers back (refresh grant,
  // wrk -t2 -c64, 2 cores): 2 loops served 11,000-15,800 req/s, 1 loop + 2 workers 5,500-6,600,
  // 1 loop + 1 worker 4,500-10,800. The routes are in-memory work of microseconds (a 1,000,000
  // file Drive listing: ~2 ms), so the hand-off costs more than it spares the loop; the delay
  // fault, the one slow answer, waits on the loop's timers.
  int loop_threads = 2;
  int listen_backlog = 1024;
};

// HTTP/1.1 serving on event loops: a connection costs memory (its parser state and buffers),
// never a thread. See serving_loop.h for the model.
class HttpServer {
 public:
  // `handler` and `tls` (nullptr: plain HTTP) must outlive the server.
  HttpServer(ServingOptions options, RequestHandler& handler, SSL_CTX* tls);
  ~HttpServer();  // Stop()
  HttpServer(HttpServer const&) = delete;
  HttpServer& operator=(HttpServer const&) = delete;

  // Binds host:port (0: ephemeral) and listens; returns the bound port. Connections wait in
  // the backlog until Start().
  tl::expected<int, std::string> Bind(std::string const& host, int port);
  // Starts the serving threads.
  tl::expected<void, std::string> Start();
  // Closes every connection and joins every thread. Idempotent.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gauthflow::mockserver::http

#endif  // GAUTHFLOW_MOCKSERVER_HTTP_HTTP_SERVER_H_
