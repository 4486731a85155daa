#ifndef GAUTHFLOW_POCO_POCO_HTTP_CLIENT_H_
#define GAUTHFLOW_POCO_POCO_HTTP_CLIENT_H_

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "gauthflow/error.h"
#include "gauthflow/http_client.h"
#include "gauthflow/poco/host_lookup.h"

namespace gauthflow {

// Sees every exchange after it ends: the request as sent (with the User-Agent the client added)
// and its outcome. The CLI's `-v` logging hangs here; it must redact tokens and codes itself.
using HttpExchangeObserver =
    std::function<void(HttpRequest const& request, Result<HttpResponse> const& result)>;

inline constexpr std::chrono::milliseconds kDefaultExchangeDeadline = std::chrono::seconds(60);
inline constexpr std::size_t kDefaultMaxResponseBytes = 16 * 1024 * 1024;

struct PocoHttpClientOptions {
  // The whole exchange — connect, TLS handshake, sending, and the complete response — ends
  // by this deadline: a server that sends one byte now and then is cut off when it passes.
  std::chrono::milliseconds deadline = kDefaultExchangeDeadline;
  // Time to resolve the host name and establish the TCP connection (within the deadline).
  std::chrono::milliseconds connect_timeout = std::chrono::seconds(10);
  // Longest silence while sending the request or waiting for response bytes (within the
  // deadline).
  std::chrono::milliseconds read_timeout = std::chrono::seconds(30);
  // A larger response body is refused (kTransport) instead of being read into memory.
  std::size_t max_response_bytes = kDefaultMaxResponseBytes;
  // A PEM file of trusted CA certificates (e.g. a fake Google's self-signed CA). Empty: the
  // system's CA store. Peer and host-name verification are always on (RFC 6749 §10.9):
  // there is deliberately no switch to turn it off. Loaded when the first https:// request
  // needs it, not before: a command that makes no request never decodes the CA bundle.
  std::string ca_file{};
  // Sent unless the request already carries a User-Agent.
  std::string user_agent = "gauthflow/0.1";
  // Host name to address; waited for no longer than the connect timeout (host_lookup.h).
  HostLookup lookup = SystemHostLookup;
  // Optional; called once per Send, on the calling thread.
  HttpExchangeObserver observer{};
};

// HttpClient over Poco's HTTP(S)ClientSession: one connection per request, no keep-alive, no
// proxy, no Poco SSLManager (each client owns its TLS context, built on first use).
class PocoHttpClient : public HttpClient {
 public:
  // kInvalidArgument when `options.ca_file` is not a readable file or a duration is not
  // positive. The file's contents are checked when the first https:// request loads them.
  static Result<std::unique_ptr<PocoHttpClient>> Create(PocoHttpClientOptions options);

  ~PocoHttpClient() override;
  PocoHttpClient(PocoHttpClient const&) = delete;
  PocoHttpClient& operator=(PocoHttpClient const&) = delete;

  // Any HTTP status is a response. Errors: kInvalidArgument (not an http(s) URL, a CA file that
  // does not load), kTimeout (name resolution or the connect beyond the connect timeout, a read
  // timeout, or the exchange deadline), kTransport (DNS, connect, TLS, reset, truncated or
  // oversized body). Transport errors carry
  // Error::reach: kNotSent when nothing was sent (DNS, connect, TLS handshake), else
  // kMayHaveArrived; the message says which. Error messages name the method, host and path and
  // what failed, never the query string, headers or body.
  Result<HttpResponse> Send(HttpRequest const& request) override;

  // How many TLS contexts this client has built (0 or 1): the CA bundle is loaded only when an
  // https:// request needs it.
  int tls_contexts_built() const;

 private:
  struct Impl;
  explicit PocoHttpClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gauthflow

#endif  // GAUTHFLOW_POCO_POCO_HTTP_CLIENT_H_
