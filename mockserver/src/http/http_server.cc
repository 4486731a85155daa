#include "http/http_server.h"

#include <thread>
#include <vector>

#include <Poco/Exception.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include "http/serving_loop.h"

namespace gauthflow::mockserver::http {

struct HttpServer::Impl {
  Impl(ServingOptions o, RequestHandler& h, SSL_CTX* t) : options(o), handler(h), tls(t) {}

  ServingOptions const options;
  RequestHandler& handler;
  SSL_CTX* const tls;
  Poco::Net::ServerSocket socket;
  std::unique_ptr<SharedServing> shared;
  std::vector<std::unique_ptr<ServingLoop>> loops;
  std::vector<std::thread> threads;
};

HttpServer::HttpServer(ServingOptions options, RequestHandler& handler, SSL_CTX* tls)
    : impl_(std::make_unique<Impl>(options, handler, tls)) {}

HttpServer::~HttpServer() { Stop(); }

tl::expected<int, std::string> HttpServer::Bind(std::string const& host, int port) {
  Impl& s = *impl_;
  int bound_port = 0;
  try {
    s.socket.bind(Poco::Net::SocketAddress(host, static_cast<Poco::UInt16>(port)), true);
    s.socket.listen(s.options.listen_backlog);
    s.socket.setBlocking(false);
    bound_port = s.socket.address().port();
  } catch (Poco::Exception const& e) {
    return tl::unexpected(e.displayText());
  }
  return bound_port;
}

tl::expected<void, std::string> HttpServer::Start() {
  Impl& s = *impl_;
  if (!s.loops.empty()) return tl::unexpected(std::string("already started"));
  if (s.options.loop_threads < 1) return tl::unexpected(std::string("loop threads must be >= 1"));
  s.shared = std::unique_ptr<SharedServing>(
      new SharedServing{s.options, s.handler, s.tls, s.socket.impl()->sockfd(), {}, {}});
  try {
    for (int i = 0; i < s.options.loop_threads; ++i) {
      s.loops.push_back(std::make_unique<ServingLoop>(*s.shared));
    }
  } catch (std::exception const& e) {
    Stop();
    return tl::unexpected(std::string(e.what()));
  }
  for (auto& loop : s.loops) s.threads.emplace_back([raw = loop.get()] { raw->Run(); });
  return {};
}

void HttpServer::Stop() {
  Impl& s = *impl_;
  for (auto& loop : s.loops) loop->Stop();
  for (auto& thread : s.threads) thread.join();
  s.threads.clear();
  s.loops.clear();
  s.shared.reset();
  s.socket.close();
}

}  // namespace gauthflow::mockserver::http
