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
  int loop_threads = 2;          // event loops; each accepts, reads, writes and runs requests
  int worker_threads = 0;        // >0: requests run on this pool instead of on the loops
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
