#include "gauthflow/poco/poco_http_client.h"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/String.h>
#include <Poco/Timespan.h>
#include <Poco/URI.h>
#include <openssl/ssl.h>

#include <istream>
#include <iterator>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

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

}  // namespace

struct PocoHttpClient::Impl {
  PocoHttpClientOptions options;
  Poco::Net::Context::Ptr tls;

  Result<HttpResponse> Exchange(HttpRequest const& request, Target const& target);
};

Result<std::unique_ptr<PocoHttpClient>> PocoHttpClient::Create(PocoHttpClientOptions options) {
  auto impl = std::make_unique<Impl>();
  try {
    Poco::Net::Context::Params params;
    params.caLocation = options.ca_file;
    params.loadDefaultCAs = options.ca_file.empty();
    params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
    impl->tls = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    // Poco routes verification failures through its global SSLManager, whose default handler
    // for an application without configuration asks on the console. Use OpenSSL's own verdict
    // instead: a chain that does not verify fails the handshake. Poco still checks the host name
    // against the certificate after the handshake (extended verification is on by default).
    SSL_CTX_set_verify(impl->tls->sslContext(), SSL_VERIFY_PEER, nullptr);
    impl->tls->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
  } catch (Poco::Exception const& e) {
    std::string const source =
        options.ca_file.empty() ? "the system CA store" : "CA file \"" + options.ca_file + "\"";
    return MakeError(ErrorCode::kInvalidArgument,
                     "cannot set up TLS with " + source + ": " + e.displayText());
  }
  impl->options = std::move(options);
  return std::unique_ptr<PocoHttpClient>(new PocoHttpClient(std::move(impl)));
}

PocoHttpClient::PocoHttpClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

PocoHttpClient::~PocoHttpClient() = default;

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
  std::string const where = request.method + " " + target.location;
  // What the exchange was doing when it failed; named in the error.
  char const* step = "connecting";
  auto const fail = [&](ErrorCode code, std::string const& detail) {
    return MakeError(code, where + " failed while " + step + ": " +
                               Scrub(Scrub(detail, target.query), request.body));
  };
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
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    std::ostream* sent = nullptr;
    for (std::size_t i = 0; sent == nullptr; ++i) {
      if (target.https) {
        session = std::make_unique<Poco::Net::HTTPSClientSession>(addresses[i], target.port, tls);
      } else {
        session = std::make_unique<Poco::Net::HTTPClientSession>(addresses[i], target.port);
      }
      session->setTimeout(ToTimespan(options.connect_timeout), ToTimespan(options.read_timeout),
                          ToTimespan(options.read_timeout));
      session->setKeepAlive(false);
      try {
        // sendRequest connects, shakes hands for https and writes the headers.
        sent = &session->sendRequest(poco_request);
      } catch (Poco::Net::ConnectionRefusedException const&) {
        if (i + 1 == addresses.size()) throw;  // nothing was sent: the next address is safe
      }
    }
    std::ostream& out = *sent;
    step = "sending the request";
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
    // Poco decodes chunked bodies and reads to EOF for Connection: close.
    response.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
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
  } catch (Poco::Net::SSLException const& e) {
    return fail(ErrorCode::kTransport, "TLS: " + e.displayText());
  } catch (Poco::Exception const& e) {
    return fail(ErrorCode::kTransport, e.displayText());
  } catch (std::exception const& e) {
    return fail(ErrorCode::kTransport, e.what());
  }
}

}  // namespace gauthflow
