#ifndef GAUTHFLOW_POCO_POCO_HTTP_CLIENT_H_
#define GAUTHFLOW_POCO_POCO_HTTP_CLIENT_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "gauthflow/error.h"
#include "gauthflow/http_client.h"

namespace gauthflow {

// Sees every exchange after it ends: the request as sent (with the User-Agent the client added)
// and its outcome. The CLI's `-v` logging hangs here; it must redact tokens and codes itself.
using HttpExchangeObserver =
    std::function<void(HttpRequest const& request, Result<HttpResponse> const& result)>;

struct PocoHttpClientOptions {
  // Time to establish the TCP connection.
  std::chrono::milliseconds connect_timeout = std::chrono::seconds(10);
  // Longest silence while sending the request or waiting for response bytes.
  std::chrono::milliseconds read_timeout = std::chrono::seconds(30);
  // A PEM file of trusted CA certificates (e.g. a fake Google's self-signed CA). Empty: the
  // system's CA store. Peer and host-name verification are always on (RFC 6749 §10.9):
  // there is deliberately no switch to turn it off.
  std::string ca_file{};
  // Sent unless the request already carries a User-Agent.
  std::string user_agent = "gauthflow/0.1";
  // Optional; called once per Send, on the calling thread.
  HttpExchangeObserver observer{};
};

// HttpClient over Poco's HTTP(S)ClientSession: one connection per request, no keep-alive, no
// proxy, no Poco SSLManager (each client owns its TLS context).
class PocoHttpClient : public HttpClient {
 public:
  // kInvalidArgument when `options.ca_file` cannot be loaded or the TLS context cannot be made.
  static Result<std::unique_ptr<PocoHttpClient>> Create(PocoHttpClientOptions options);

  ~PocoHttpClient() override;
  PocoHttpClient(PocoHttpClient const&) = delete;
  PocoHttpClient& operator=(PocoHttpClient const&) = delete;

  // Any HTTP status is a response. Errors: kInvalidArgument (not an http(s) URL), kTimeout,
  // kTransport (DNS, connect, TLS, reset, truncated body). Error messages name the method, host
  // and path and what failed, never the query string, headers or body.
  Result<HttpResponse> Send(HttpRequest const& request) override;

 private:
  struct Impl;
  explicit PocoHttpClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gauthflow

#endif  // GAUTHFLOW_POCO_POCO_HTTP_CLIENT_H_
