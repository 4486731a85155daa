#include "gauthflow/mockserver/fake_google_server.h"

#include <mutex>

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include "drive_gateway.h"
#include "http/http_server.h"
#include "oauth/id_token_signer.h"
#include "request_pipeline.h"
#include "routes.h"

namespace gauthflow::mockserver {

struct FakeGoogleServer::Impl {
  Impl(ServerConfig c, std::shared_ptr<Clock const> clk)
      : config(std::move(c)), clock(std::move(clk)), directory(config), transactions(clock),
        codes(clock), tokens(clock), devices(clock), journal(config.limits.journal_capacity) {}

  ServerConfig const config;
  // The stores, one per concern (see RouteContext).
  ServerClock clock;
  ClientDirectory directory;
  ConsentStore consents;
  TransactionStore transactions;
  CodeStore codes;
  TokenStore tokens;
  DeviceStore devices;
  Journal journal;
  ViolationLog violations;
  FaultTable faults;
  IdTokenSigner signer;
  DriveGateway drive;
  std::unique_ptr<RouteContext> ctx;
  std::unique_ptr<RequestPipeline> pipeline;
  Poco::Net::Context::Ptr tls;
  std::unique_ptr<http::HttpServer> server;
  std::string base_url;
  int port = 0;
  bool ssl_initialized = false;
  std::mutex mu;  // Start/Stop
};

namespace {

// "http(s)://host[:port]" without a path (every route is at the root); a trailing "/" is dropped.
tl::expected<std::string, std::string> NormalizePublicUrl(std::string url) {
  if (url.empty()) return url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  try {
    Poco::URI const uri(url);
    auto const scheme = Poco::toLower(uri.getScheme());
    if ((scheme == "http" || scheme == "https") && !uri.getHost().empty() &&
        uri.getPathEtc().empty() && url.find('@') == std::string::npos) {
      return url;
    }
  } catch (Poco::Exception const&) {
  }
  return tl::unexpected("--public-url \"" + url +
                        "\" must be http(s)://HOST[:PORT] with no path, query or user");
}

http::ServingOptions ServingOptionsFor(ServerConfig const& config) {
  ServerLimits const& limits = config.limits;
  http::ServingOptions options;
  options.parser.max_request_line_bytes = limits.max_request_line_bytes;
  options.parser.max_header_line_bytes = limits.max_header_line_bytes;
  options.parser.max_header_count = limits.max_header_count;
  options.parser.max_header_bytes = limits.max_header_bytes;
  options.parser.max_body_bytes = limits.max_body_bytes;
  options.header_timeout = limits.header_timeout;
  options.idle_timeout = limits.idle_timeout;
  options.body_timeout = limits.body_timeout;
  options.write_timeout = limits.write_timeout;
  options.max_connections = limits.max_connections;
  options.listen_backlog = limits.max_queued_connections;
  options.loop_threads = config.threads;
  return options;
}

}  // namespace

FakeGoogleServer::FakeGoogleServer(ServerConfig config, std::shared_ptr<Clock const> clock)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(clock))) {}

FakeGoogleServer::~FakeGoogleServer() { Stop(); }

tl::expected<void, StartError> FakeGoogleServer::Start() {
  std::lock_guard<std::mutex> lock(impl_->mu);
  Impl& s = *impl_;
  if (s.server) return tl::unexpected(StartError{"the server is already started"});
  if (s.config.threads < 1) return tl::unexpected(StartError{"threads must be at least 1"});
  if (s.config.tls_cert_file.empty() != s.config.tls_key_file.empty()) {
    return tl::unexpected(StartError{"--tls-cert and --tls-key go together"});
  }
  auto public_url = NormalizePublicUrl(s.config.public_url);
  if (!public_url) return tl::unexpected(StartError{public_url.error()});
  if (auto error = s.drive.Seed(s.config, s.clock.Now())) {
    return tl::unexpected(StartError{*error});
  }
  bool tls = !s.config.tls_cert_file.empty();
  if (tls) {
    try {
      Poco::Net::initializeSSL();
      s.ssl_initialized = true;
      // Poco loads the certificate and key; the serving loops drive OpenSSL without blocking.
      s.tls = new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, s.config.tls_key_file,
                                     s.config.tls_cert_file, "", Poco::Net::Context::VERIFY_NONE);
      s.tls->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    } catch (Poco::Exception const& e) {
      s.tls.reset();
      return tl::unexpected(StartError{"cannot use --tls-cert/--tls-key: " + e.displayText()});
    }
  }
  std::string const host = s.config.host.find(':') != std::string::npos
                               ? "[" + s.config.host + "]"
                               : s.config.host;
  s.ctx = std::unique_ptr<RouteContext>(new RouteContext{
      s.clock, s.directory, s.consents, s.transactions, s.codes, s.tokens, s.devices, s.journal,
      s.violations, s.faults, s.signer, s.config, "", s.drive});
  s.pipeline = std::make_unique<RequestPipeline>(*s.ctx);
  s.server = std::make_unique<http::HttpServer>(ServingOptionsFor(s.config), *s.pipeline,
                                                s.tls ? s.tls->sslContext() : nullptr);
  auto bound = s.server->Bind(s.config.host, s.config.port);
  if (!bound) {
    s.server.reset();
    return tl::unexpected(StartError{"cannot listen on " + s.config.host + ":" +
                                     std::to_string(s.config.port) + ": " + bound.error()});
  }
  s.port = *bound;
  s.base_url = std::string(tls ? "https" : "http") + "://" + host + ":" + std::to_string(s.port);
  // Known once bound, set before the serving threads start.
  s.ctx->base_url = s.config.public_url.empty() ? s.base_url : *public_url;
  if (auto started = s.server->Start(); !started) {
    s.server.reset();
    return tl::unexpected(StartError{"cannot start serving: " + started.error()});
  }
  return {};
}

void FakeGoogleServer::Stop() {
  std::lock_guard<std::mutex> lock(impl_->mu);
  Impl& s = *impl_;
  if (s.server) {
    s.server->Stop();  // closes every connection, joins every serving thread
    s.server.reset();
  }
  s.tls.reset();
  if (s.ssl_initialized) {
    Poco::Net::uninitializeSSL();
    s.ssl_initialized = false;
  }
}

std::string FakeGoogleServer::base_url() const { return impl_->base_url; }
int FakeGoogleServer::port() const { return impl_->port; }
ServerConfig const& FakeGoogleServer::config() const { return impl_->config; }

}  // namespace gauthflow::mockserver
