#include "gauthflow/mockserver/fake_google_server.h"

#include <mutex>

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/String.h>
#include <Poco/ThreadPool.h>
#include <Poco/URI.h>

#include "drive_gateway.h"
#include "http_handler.h"
#include "oauth/id_token_signer.h"
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
  std::unique_ptr<Poco::ThreadPool> pool;
  std::unique_ptr<Poco::Net::HTTPServer> server;
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
  try {
    Poco::Net::SocketAddress address(s.config.host, static_cast<Poco::UInt16>(s.config.port));
    std::unique_ptr<Poco::Net::ServerSocket> socket;
    if (tls) {
      Poco::Net::initializeSSL();
      s.ssl_initialized = true;
      Poco::Net::Context::Ptr context = new Poco::Net::Context(
          Poco::Net::Context::TLS_SERVER_USE, s.config.tls_key_file, s.config.tls_cert_file, "",
          Poco::Net::Context::VERIFY_NONE);
      context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
      auto secure = std::make_unique<Poco::Net::SecureServerSocket>(context);
      secure->bind(address, true);
      secure->listen(s.config.limits.max_queued_connections);
      socket = std::move(secure);
    } else {
      socket = std::make_unique<Poco::Net::ServerSocket>();
      socket->bind(address, true);
      socket->listen(s.config.limits.max_queued_connections);
    }
    s.port = socket->address().port();
    std::string host = s.config.host;
    if (host.find(':') != std::string::npos) host = "[" + host + "]";
    s.base_url = std::string(tls ? "https" : "http") + "://" + host + ":" + std::to_string(s.port);
    s.ctx = std::unique_ptr<RouteContext>(new RouteContext{
        s.clock, s.directory, s.consents, s.transactions, s.codes, s.tokens, s.devices, s.journal,
        s.violations, s.faults, s.signer, s.config,
        s.config.public_url.empty() ? s.base_url : *public_url, s.drive});

    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(s.config.threads);
    params->setMaxQueued(s.config.limits.max_queued_connections);
    params->setTimeout(Poco::Timespan(s.config.limits.io_timeout.count(), 0));
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(s.config.limits.keep_alive_timeout.count(), 0));
    s.pool = std::make_unique<Poco::ThreadPool>(1, s.config.threads + 1);
    s.server = std::make_unique<Poco::Net::HTTPServer>(
        new RequestHandlerFactory(*s.ctx, s.config.limits), *s.pool, *socket, params);
    s.server->start();
  } catch (Poco::Exception const& e) {
    s.server.reset();
    s.pool.reset();
    s.base_url.clear();
    s.port = 0;
    return tl::unexpected(StartError{"cannot listen on " + s.config.host + ":" +
                                     std::to_string(s.config.port) + ": " + e.displayText()});
  }
  return {};
}

void FakeGoogleServer::Stop() {
  std::lock_guard<std::mutex> lock(impl_->mu);
  Impl& s = *impl_;
  if (s.server) {
    s.server->stopAll(/*abortCurrent=*/true);
    s.pool->joinAll();
    s.server.reset();
    s.pool.reset();
  }
  if (s.ssl_initialized) {
    Poco::Net::uninitializeSSL();
    s.ssl_initialized = false;
  }
}

std::string FakeGoogleServer::base_url() const { return impl_->base_url; }
int FakeGoogleServer::port() const { return impl_->port; }
ServerConfig const& FakeGoogleServer::config() const { return impl_->config; }

}  // namespace gauthflow::mockserver
