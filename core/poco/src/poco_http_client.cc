#include "gauthflow/poco/poco_http_client.h"

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/String.h>
#include <Poco/Timespan.h>
#include <Poco/URI.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <condition_variable>
#include <istream>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "gauthflow/poco/module_loader.h"
#include "tls_connector.h"

namespace gauthflow {
namespace {

// The parts of a URL the client needs. `target` is the request-target (path and query, RFC 9112
// §3.2.1); `location` is what error messages may show: scheme, host, port and path, no query.
struct Target {
  bool https = false;
  std::string host;
  Poco::UInt16 port = 0;
  std::string target;
  std::string location;
  std::string query;
};

Result<Target> ParseTarget(std::string const& url) {
  Poco::URI uri;
  try {
    uri = Poco::URI(url);
  } catch (Poco::Exception const&) {
    // The URL itself may carry a code or token in its query: do not echo it.
    return MakeError(ErrorCode::kInvalidArgument, "HTTP request URL is not a valid URL");
  }
  Target target;
  auto const scheme = Poco::toLower(uri.getScheme());
  if (scheme != "http" && scheme != "https") {
    return MakeError(ErrorCode::kInvalidArgument,
                     "HTTP request URL must be http:// or https://, not \"" + scheme + ":\"");
  }
  if (uri.getHost().empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "HTTP request URL has no host");
  }
  target.https = scheme == "https";
  target.host = uri.getHost();
  target.port = uri.getPort();

  // Take the request-target from the text as given rather than from Poco::URI, which decodes and
  // re-encodes the path; the server must see exactly what the caller built.
  auto const authority_start = url.find("://") + 3;
  auto const target_start = url.find_first_of("/?#", authority_start);
  std::string rest = target_start == std::string::npos ? "" : url.substr(target_start);
  if (auto const hash = rest.find('#'); hash != std::string::npos) rest.erase(hash);
  if (rest.empty() || rest.front() == '?') rest.insert(0, "/");
  target.target = rest;
  auto const question = rest.find('?');
  std::string const path = rest.substr(0, question);
  if (question != std::string::npos) target.query = rest.substr(question + 1);

  std::string host_text = target.host;
  if (host_text.find(':') != std::string::npos) host_text = "[" + host_text + "]";
  target.location = scheme + "://" + host_text + ":" + std::to_string(target.port) + path;
  return target;
}

// Poco's messages name sockets and addresses, but make sure nothing the caller sent (query,
// body) can reach an error message even if a future Poco quoted it.
std::string Scrub(std::string text, std::string const& secret) {
  if (secret.size() < 4) return text;
  for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos)) {
    text.replace(pos, secret.size(), "[redacted]");
  }
  return text;
}

Poco::Timespan ToTimespan(std::chrono::milliseconds d) {
  return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(d.count()) * 1000);
}

bool HasHeader(HttpHeaders const& headers, std::string_view name) {
  return FindHeader(headers, name).has_value();
}

std::string DurationText(std::chrono::milliseconds d) {
  if (d.count() % 1000 == 0) return std::to_string(d.count() / 1000) + " s";
  return std::to_string(d.count()) + " ms";
}

using SteadyClock = std::chrono::steady_clock;

// Ends an exchange when its deadline passes. Poco and OpenSSL only know per-read timeouts, so
// a server that sends a byte before each one expires would hold a read forever; at the
// deadline this shuts the socket down from a second thread, which wakes the blocked read with
// an end of stream. Armed only once a socket is connected (the connect itself has a timeout
// within the deadline); must be stopped before the socket is closed.
class DeadlineWatch {
 public:
  explicit DeadlineWatch(SteadyClock::time_point deadline) : deadline_(deadline) {}
  ~DeadlineWatch() { Stop(); }
  DeadlineWatch(DeadlineWatch const&) = delete;
  DeadlineWatch& operator=(DeadlineWatch const&) = delete;

  void Arm(poco_socket_t socket) {
    thread_ = std::thread([this, socket] {
      std::unique_lock<std::mutex> lock(mu_);
      if (!cv_.wait_until(lock, deadline_, [this] { return stopped_; })) {
        fired_ = true;
        ::shutdown(socket, SHUT_RDWR);
      }
    });
  }

  // Disarms the watch; true when the deadline had already cut the connection.
  bool Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopped_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    std::lock_guard<std::mutex> lock(mu_);
    return fired_;
  }

 private:
  SteadyClock::time_point const deadline_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopped_ = false;
  bool fired_ = false;
  std::thread thread_;
};

}  // namespace

struct PocoHttpClient::Impl {
  PocoHttpClientOptions options;
  std::mutex tls_mu;
  std::unique_ptr<internal::TlsConnector> tls;  // made by the first https:// request
  int tls_built = 0;

  Result<internal::TlsConnector*> Tls();
  Result<HttpResponse> Exchange(HttpRequest const& request, Target const& target);
};

// The TLS module is loaded, and the CA bundle decoded, only when an https:// request needs them
// (tls_connector.h says why).
Result<internal::TlsConnector*> PocoHttpClient::Impl::Tls() {
  std::lock_guard<std::mutex> lock(tls_mu);
  if (tls) return tls.get();
  auto factory = LoadModuleSymbol(
      "the TLS module", ModuleCandidates(GAUTHFLOW_TLS_MODULE_NAME, GAUTHFLOW_MODULE_DIR_FROM_BIN,
                                         {GAUTHFLOW_TLS_MODULE_BUILD_PATH,
                                          GAUTHFLOW_TLS_MODULE_INSTALL_PATH}),
      internal::kTlsConnectorFactorySymbol);
  if (!factory) return tl::unexpected(factory.error());
  std::string reason;
  tls.reset(reinterpret_cast<internal::TlsConnectorFactory>(*factory)(options.ca_file.c_str(),
                                                                      &reason));
  if (!tls) {
    std::string const source =
        options.ca_file.empty() ? "the system CA store" : "CA file \"" + options.ca_file + "\"";
    return MakeError(ErrorCode::kInvalidArgument,
                     "cannot set up TLS with " + source + ": " + reason);
  }
  ++tls_built;
  return tls.get();
}

Result<std::unique_ptr<PocoHttpClient>> PocoHttpClient::Create(PocoHttpClientOptions options) {
  for (auto const& [name, value] :
       {std::pair{"deadline", options.deadline}, std::pair{"connect timeout", options.connect_timeout},
        std::pair{"read timeout", options.read_timeout}}) {
    if (value.count() <= 0) {
      return MakeError(ErrorCode::kInvalidArgument,
                       std::string("HTTP client ") + name + " must be positive");
    }
  }
  if (!options.ca_file.empty()) {
    // Only whether the file is there: its certificates are decoded on first use.
    bool readable = false;
    try {
      Poco::File const file(options.ca_file);
      readable = file.exists() && file.isFile() && file.canRead();
    } catch (Poco::Exception const&) {
      readable = false;
    }
    if (!readable) {
      return MakeError(ErrorCode::kInvalidArgument, "cannot set up TLS with CA file \"" +
                                                        options.ca_file +
                                                        "\": not a readable file");
    }
  }
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  return std::unique_ptr<PocoHttpClient>(new PocoHttpClient(std::move(impl)));
}

PocoHttpClient::PocoHttpClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

PocoHttpClient::~PocoHttpClient() = default;

int PocoHttpClient::tls_contexts_built() const {
  std::lock_guard<std::mutex> lock(impl_->tls_mu);
  return impl_->tls_built;
}

Result<HttpResponse> PocoHttpClient::Send(HttpRequest const& request) {
  HttpRequest sent = request;
  if (!HasHeader(sent.headers, "User-Agent") && !impl_->options.user_agent.empty()) {
    sent.headers.emplace_back("User-Agent", impl_->options.user_agent);
  }
  auto target = ParseTarget(sent.url);
  Result<HttpResponse> result = target ? impl_->Exchange(sent, *target)
                                       : Result<HttpResponse>(tl::unexpected(target.error()));
  if (impl_->options.observer) impl_->options.observer(sent, result);
  return result;
}

Result<HttpResponse> PocoHttpClient::Impl::Exchange(HttpRequest const& request,
                                                    Target const& target) {
  auto const deadline = SteadyClock::now() + options.deadline;
  auto const remaining = [&](std::chrono::milliseconds limit) {
    auto const left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - SteadyClock::now());
    return std::clamp(left, std::chrono::milliseconds(1), limit);
  };
  std::string const where = request.method + " " + target.location;
  // What the exchange was doing when it failed, and whether the server may have the request;
  // both named in the error.
  char const* step = "connecting";
  RequestReach reach = RequestReach::kNotSent;
  Poco::Net::StreamSocket socket;
  std::unique_ptr<Poco::Net::HTTPClientSession> session;
  DeadlineWatch watch(deadline);  // declared last: stopped before the socket closes
  auto const fail = [&](ErrorCode code, std::string detail) {
    // Past the deadline, whatever gave first (the watch, or a read timeout clamped to the time
    // left) is the deadline's doing.
    bool const cut_off = watch.Stop();
    if (cut_off || SteadyClock::now() >= deadline) {
      code = ErrorCode::kTimeout;
      detail = "the exchange did not complete within its deadline of " +
               DurationText(options.deadline) + " (the server was too slow)";
    }
    Error error{code, where + " failed while " + step + ": " +
                          Scrub(Scrub(std::move(detail), target.query), request.body) +
                          (reach == RequestReach::kNotSent
                               ? " (nothing was sent)"
                               : " (the request may have reached the server)")};
    error.reach = reach;
    return tl::unexpected(std::move(error));
  };

  internal::TlsConnector* tls = nullptr;
  if (target.https) {
    auto context = Tls();
    if (!context) {
      auto error = context.error();
      error.reach = RequestReach::kNotSent;
      error.message = where + ": " + error.message + " (nothing was sent)";
      return tl::unexpected(std::move(error));
    }
    tls = *context;
  }
  try {
    Poco::Net::HTTPRequest poco_request(request.method, target.target,
                                        Poco::Net::HTTPMessage::HTTP_1_1);
    for (auto const& [name, value] : request.headers) poco_request.add(name, value);
    bool const has_body = !request.body.empty() || request.method == "POST" ||
                          request.method == "PUT" || request.method == "PATCH";
    if (has_body) poco_request.setContentLength64(static_cast<Poco::Int64>(request.body.size()));
    poco_request.setKeepAlive(false);
    poco_request.setHost(target.host, target.port);

    // "localhost" is loopback by definition (RFC 6761 §6.3): plain http to it goes to 127.0.0.1,
    // then [::1], without asking name resolution, as browsers do. A machine without /etc/hosts
    // (a bare container) cannot resolve it, yet the loopback redirect may name it.
    std::vector<std::string> addresses = {target.host};
    if (!target.https && Poco::icompare(target.host, "localhost") == 0) {
      addresses = {"127.0.0.1", "::1"};
    }
    // Name resolution is part of connecting: it ends by the connect timeout and the deadline
    // like the connect itself (getaddrinfo has no timeout of its own; host_lookup.h).
    step = "resolving the host name";
    for (auto& address : addresses) {
      auto resolved = ResolveBefore(options.lookup, address,
                                    SteadyClock::now() + remaining(options.connect_timeout));
      if (!resolved) return fail(resolved.error().code, resolved.error().message);
      address = std::move(*resolved);
    }
    step = "connecting";
    // The socket is connected here rather than by the session so that the deadline can watch
    // it before the TLS handshake and the request begin.
    for (std::size_t i = 0;; ++i) {
      try {
        Poco::Net::SocketAddress const address(addresses[i], target.port);  // numeric
        socket = Poco::Net::StreamSocket();
        socket.connect(address, ToTimespan(remaining(options.connect_timeout)));
        break;
      } catch (Poco::Net::ConnectionRefusedException const&) {
        if (i + 1 == addresses.size()) throw;  // nothing was sent: the next address is safe
      }
    }
    watch.Arm(socket.impl()->sockfd());
    auto const silence = ToTimespan(remaining(options.read_timeout));
    socket.setReceiveTimeout(silence);
    socket.setSendTimeout(silence);
    socket.setNoDelay(true);
    if (target.https) {
      step = "shaking hands (TLS)";
      // Verifies the chain (OpenSSL) and then the host name against the certificate (Poco),
      // with the host as SNI.
      // A plain HTTPClientSession over the secure socket: HTTPSClientSession cannot take a
      // connected one. (It would also read a TLS close without close_notify as the end of a
      // body; this reports it as an error instead — RFC 8446 §6.1 truncation.)
      session = std::make_unique<Poco::Net::HTTPClientSession>(tls->Attach(socket, target.host));
    } else {
      session = std::make_unique<Poco::Net::HTTPClientSession>(socket);
    }
    session->setKeepAlive(false);

    step = "sending the request";
    reach = RequestReach::kMayHaveArrived;  // from the first byte written
    std::ostream& out = session->sendRequest(poco_request);
    // Stream errors would otherwise only set badbit and hide the socket's exception.
    out.exceptions(std::ios::badbit);
    if (has_body) out.write(request.body.data(), static_cast<std::streamsize>(request.body.size()));
    out.flush();

    step = "reading the response";
    Poco::Net::HTTPResponse poco_response;
    std::istream& in = session->receiveResponse(poco_response);
    in.exceptions(std::ios::badbit);
    HttpResponse response;
    response.status = static_cast<int>(poco_response.getStatus());
    for (auto const& [name, value] : poco_response) response.headers.emplace_back(name, value);
    auto const too_large = [&] {
      return fail(ErrorCode::kTransport, "the response body is larger than the " +
                                             std::to_string(options.max_response_bytes) +
                                             " bytes allowed");
    };
    if (poco_response.hasContentLength() &&
        poco_response.getContentLength64() > static_cast<Poco::Int64>(options.max_response_bytes)) {
      return too_large();
    }
    // Poco decodes chunked bodies and reads to EOF for Connection: close.
    std::array<char, 16 * 1024> buffer{};
    while (in.read(buffer.data(), buffer.size()) || in.gcount() > 0) {
      auto const got = static_cast<std::size_t>(in.gcount());
      if (response.body.size() + got > options.max_response_bytes) return too_large();
      response.body.append(buffer.data(), got);
    }
    // A close-delimited body looks complete when the deadline shut the socket: ask the watch.
    if (watch.Stop()) return fail(ErrorCode::kTimeout, "");
    bool const bodyless = request.method == "HEAD" || response.status < 200 ||
                          response.status == 204 || response.status == 304;
    if (poco_response.hasContentLength() && !bodyless &&
        static_cast<Poco::Int64>(response.body.size()) != poco_response.getContentLength64()) {
      return fail(ErrorCode::kTransport,
                  "the body ended after " + std::to_string(response.body.size()) + " of " +
                      std::to_string(poco_response.getContentLength64()) + " bytes");
    }
    return response;
  } catch (Poco::TimeoutException const& e) {
    return fail(ErrorCode::kTimeout, e.displayText());
  } catch (Poco::Exception const& e) {
    if (tls != nullptr && tls->IsTlsError(e)) {
      return fail(ErrorCode::kTransport, "TLS: " + e.displayText());
    }
    return fail(ErrorCode::kTransport, e.displayText());
  } catch (std::exception const& e) {
    return fail(ErrorCode::kTransport, e.what());
  }
}

}  // namespace gauthflow
