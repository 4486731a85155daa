#include "gauthflow/poco/poco_http_client.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/ThreadPool.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <thread>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "testing/gate.h"

namespace gauthflow {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Pair;

using testing::Gate;

class TestHandler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit TestHandler(Gate& gate) : gate_(gate) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    std::string body;
    Poco::StreamCopier::copyToString(request.stream(), body);
    std::string const uri = request.getURI();
    response.setKeepAlive(false);
    if (uri.rfind("/status/", 0) == 0) {
      int const status = std::stoi(uri.substr(8));
      response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
      response.set("X-Test", "yes");
      response.setContentType("application/json");
      response.send() << R"({"status": )" << status << "}";
    } else if (uri.rfind("/echo", 0) == 0) {
      response.set("X-Method", request.getMethod());
      response.set("X-Uri", uri);
      response.set("X-User-Agent", request.get("User-Agent", ""));
      response.set("X-Content-Type", request.getContentType());
      response.set("X-Custom", request.get("X-Custom", ""));
      response.set("X-Host", request.getHost());
      response.sendBuffer(body.data(), body.size());
    } else if (uri == "/chunked") {
      response.setChunkedTransferEncoding(true);
      std::ostream& out = response.send();
      for (int i = 0; i < 5; ++i) out << "chunk" << i << ";" << std::flush;
    } else if (uri == "/close") {
      // No Content-Length, not chunked: the body ends when the connection closes.
      response.setChunkedTransferEncoding(false);
      response.send() << "until the connection closes";
    } else if (uri == "/truncated") {
      response.setContentLength(100);
      response.send() << "only ten b";
    } else if (uri.rfind("/hang", 0) == 0) {
      gate_.Wait();
      response.sendBuffer("late", 4);
    } else {
      response.setStatus(Poco::Net::HTTPResponse::HTTP_NOT_FOUND);
      response.send() << "not found";
    }
  }

 private:
  Gate& gate_;
};

class TestHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit TestHandlerFactory(Gate& gate) : gate_(gate) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      Poco::Net::HTTPServerRequest const&) override {
    return new TestHandler(gate_);
  }

 private:
  Gate& gate_;
};

// A plain HTTP server on 127.0.0.1, ephemeral port.
class TestServer {
 public:
  TestServer() : TestServer(Poco::Net::ServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0))) {}
  explicit TestServer(Poco::Net::ServerSocket socket)
      : socket_(std::move(socket)),
        pool_("test-http", 2, 4),
        server_(new TestHandlerFactory(gate_), pool_, socket_, Params()) {
    server_.start();
  }
  ~TestServer() {
    gate_.Open();
    server_.stopAll(true);
    pool_.joinAll();
  }
  std::string Url(std::string const& target) const {
    return "http://127.0.0.1:" + std::to_string(port()) + target;
  }
  int port() const { return socket_.address().port(); }
  Gate& gate() { return gate_; }

 private:
  // A request that never completes (a TLS ClientHello without a newline, sent to this plain
  // server) is dropped after 2 s rather than Poco's default 60 s.
  static Poco::Net::HTTPServerParams::Ptr Params() {
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setTimeout(Poco::Timespan(2, 0));
    return params;
  }

 public:

 private:
  Gate gate_;
  Poco::Net::ServerSocket socket_;
  Poco::ThreadPool pool_;
  Poco::Net::HTTPServer server_;
};

std::unique_ptr<PocoHttpClient> MakeClient(PocoHttpClientOptions options = {}) {
  auto client = PocoHttpClient::Create(std::move(options));
  EXPECT_TRUE(client.has_value()) << (client ? "" : client.error().message);
  return client ? std::move(*client) : nullptr;
}

// A port on which nothing listens: bound, noted, released.
int ClosedPort() {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  int const port = socket.address().port();
  socket.close();
  return port;
}

TEST(PocoHttpClient, ReturnsStatusHeadersAndBodyForAnyStatus) {
  TestServer server;
  auto client = MakeClient();
  ASSERT_NE(client, nullptr);
  for (int status : {200, 400, 503}) {
    auto response = client->Send(HttpRequest{"GET", server.Url("/status/" + std::to_string(status)),
                                             {}, ""});
    ASSERT_TRUE(response.has_value()) << response.error().message;
    EXPECT_EQ(response->status, status);
    EXPECT_EQ(FindHeader(response->headers, "x-test"), "yes");
    EXPECT_EQ(FindHeader(response->headers, "Content-Type"), "application/json");
    EXPECT_EQ(response->body, R"({"status": )" + std::to_string(status) + "}");
  }
}

TEST(PocoHttpClient, SendsMethodHeadersAndBody) {
  TestServer server;
  auto client = MakeClient();
  ASSERT_NE(client, nullptr);
  std::string const body = "grant_type=authorization_code&code=4%2F0Aabc&state=x%20y";
  auto response = client->Send(HttpRequest{
      "POST",
      server.Url("/echo/path?a=1&b=%2F"),
      {{"Content-Type", "application/x-www-form-urlencoded"}, {"X-Custom", "custom value"}},
      body});
  ASSERT_TRUE(response.has_value()) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, body);
  EXPECT_EQ(FindHeader(response->headers, "X-Method"), "POST");
  EXPECT_EQ(FindHeader(response->headers, "X-Uri"), "/echo/path?a=1&b=%2F");
  EXPECT_EQ(FindHeader(response->headers, "X-User-Agent"), "gauthflow/0.1");
  EXPECT_EQ(FindHeader(response->headers, "X-Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(FindHeader(response->headers, "X-Custom"), "custom value");
}

TEST(PocoHttpClient, LocalhostIsLoopbackWithoutNameResolution) {
  // RFC 6761 §6.3: the server listens on 127.0.0.1 and the URL says localhost; this works even
  // where /etc/hosts is missing, and the request still names localhost in its Host header.
  TestServer server;
  auto client = MakeClient();
  ASSERT_NE(client, nullptr);
  auto const port = std::to_string(server.port());
  auto response = client->Send(HttpRequest{"GET", "http://localhost:" + port + "/echo", {}, ""});
  ASSERT_TRUE(response.has_value()) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(FindHeader(response->headers, "X-Host"), "localhost:" + port);
}

TEST(PocoHttpClient, LocalhostTriesIpv6LoopbackWhenIpv4IsRefused) {
  Poco::Net::ServerSocket socket;
  try {
    socket.bind6(Poco::Net::SocketAddress("::1", 0), true, false, true);
    socket.listen();
  } catch (Poco::Exception const&) {
    GTEST_SKIP() << "no IPv6 loopback on this machine";
  }
  TestServer server(std::move(socket));
  auto client = MakeClient();
  ASSERT_NE(client, nullptr);
  auto const port = std::to_string(server.port());
  auto response = client->Send(HttpRequest{"GET", "http://localhost:" + port + "/echo", {}, ""});
  ASSERT_TRUE(response.has_value()) << response.error().message;
  EXPECT_EQ(FindHeader(response->headers, "X-Host"), "localhost:" + port);
}

TEST(PocoHttpClient, KeepsTheCallersUserAgent) {
  TestServer server;
  PocoHttpClientOptions options;
  options.user_agent = "configured/1";
  auto client = MakeClient(options);
  ASSERT_NE(client, nullptr);
  auto configured = client->Send(HttpRequest{"GET", server.Url("/echo"), {}, ""});
  ASSERT_TRUE(configured.has_value()) << configured.error().message;
  EXPECT_EQ(FindHeader(configured->headers, "X-User-Agent"), "configured/1");
  auto own = client->Send(HttpRequest{"GET", server.Url("/echo"), {{"user-agent", "mine/2"}}, ""});
  ASSERT_TRUE(own.has_value()) << own.error().message;
  EXPECT_EQ(FindHeader(own->headers, "X-User-Agent"), "mine/2");
}

TEST(PocoHttpClient, ReadsChunkedAndConnectionCloseBodies) {
  TestServer server;
  auto client = MakeClient();
  ASSERT_NE(client, nullptr);
  auto chunked = client->Send(HttpRequest{"GET", server.Url("/chunked"), {}, ""});
  ASSERT_TRUE(chunked.has_value()) << chunked.error().message;
  EXPECT_EQ(chunked->body, "chunk0;chunk1;chunk2;chunk3;chunk4;");
  auto closed = client->Send(HttpRequest{"GET", server.Url("/close"), {}, ""});
  ASSERT_TRUE(closed.has_value()) << closed.error().message;
  EXPECT_EQ(closed->body, "until the connection closes");
}

TEST(PocoHttpClient, TruncatedBodyIsATransportError) {
  TestServer server;
  auto client = MakeClient();
  ASSERT_NE(client, nullptr);
  auto response = client->Send(HttpRequest{"GET", server.Url("/truncated"), {}, ""});
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().code, ErrorCode::kTransport);
  EXPECT_THAT(response.error().message, HasSubstr("10 of 100 bytes"));
  EXPECT_EQ(response.error().reach, RequestReach::kMayHaveArrived);
  EXPECT_THAT(response.error().message, HasSubstr("the request may have reached the server"));
}

// A host name goes through the lookup; the request then goes to the address it gave, and the
// Host header still names the host.
TEST(PocoHttpClient, HostNamesAreResolvedByTheLookup) {
  TestServer server;
  PocoHttpClientOptions options;
  std::atomic<int> lookups{0};
  options.lookup = [&lookups](std::string const& host) -> Result<std::string> {
    ++lookups;
    if (host != "oauth2.test") return MakeError(ErrorCode::kTransport, "unexpected " + host);
    return "127.0.0.1";
  };
  auto client = MakeClient(std::move(options));
  ASSERT_NE(client, nullptr);
  auto const port = std::to_string(server.port());
  auto response = client->Send(HttpRequest{"GET", "http://oauth2.test:" + port + "/echo", {}, ""});
  ASSERT_TRUE(response.has_value()) << response.error().message;
  EXPECT_EQ(FindHeader(response->headers, "X-Host"), "oauth2.test:" + port);
  EXPECT_EQ(lookups.load(), 1);
}

// A name server that never answers ends the exchange at the connect timeout, with nothing
// sent, instead of holding it for as long as getaddrinfo retries.
TEST(PocoHttpClient, AHangingNameLookupEndsAtTheConnectTimeout) {
  auto gate = std::make_shared<Gate>();
  PocoHttpClientOptions options;
  options.connect_timeout = std::chrono::milliseconds(50);
  options.lookup = [gate](std::string const&) -> Result<std::string> {
    gate->Wait();
    return "127.0.0.1";
  };
  auto client = MakeClient(std::move(options));
  ASSERT_NE(client, nullptr);
  auto response =
      client->Send(HttpRequest{"POST", "http://dead-dns.test/token?code=4/0Asecret", {}, "x=1"});
  gate->Open();  // the abandoned lookup thread finishes now
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().code, ErrorCode::kTimeout);
  EXPECT_THAT(response.error().message,
              AllOf(HasSubstr("resolving the host name"), HasSubstr("dead-dns.test"),
                    Not(HasSubstr("4/0Asecret"))));
  EXPECT_EQ(response.error().reach, RequestReach::kNotSent);
}

TEST(PocoHttpClient, AFailedNameLookupIsATransportErrorWithNothingSent) {
  PocoHttpClientOptions options;
  options.lookup = [](std::string const& host) -> Result<std::string> {
    return MakeError(ErrorCode::kTransport, "cannot resolve host name \"" + host + "\"");
  };
  auto client = MakeClient(std::move(options));
  ASSERT_NE(client, nullptr);
  auto response = client->Send(HttpRequest{"GET", "http://nowhere.test/x", {}, ""});
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().code, ErrorCode::kTransport);
  EXPECT_THAT(response.error().message, HasSubstr("nowhere.test"));
  EXPECT_EQ(response.error().reach, RequestReach::kNotSent);
}

TEST(PocoHttpClient, ConnectionRefusedIsATransportErrorWithoutTheQuery) {
  int const port = ClosedPort();
  auto client = MakeClient();
  ASSERT_NE(client, nullptr);
  auto response = client->Send(
      HttpRequest{"POST", "http://127.0.0.1:" + std::to_string(port) + "/token?code=4/0Asecret",
                  {{"Authorization", "Bearer ya29.header-secret"}}, "refresh_token=1//body-secret"});
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().code, ErrorCode::kTransport);
  EXPECT_THAT(response.error().message,
              AllOf(HasSubstr("127.0.0.1:" + std::to_string(port)), HasSubstr("/token"),
                    HasSubstr("connecting"), Not(HasSubstr("4/0Asecret")),
                    Not(HasSubstr("header-secret")), Not(HasSubstr("body-secret")),
                    Not(HasSubstr("?"))));
  EXPECT_EQ(response.error().reach, RequestReach::kNotSent);
  EXPECT_THAT(response.error().message, HasSubstr("nothing was sent"));
}

TEST(PocoHttpClient, SlowServerIsATimeoutWithoutTheQuery) {
  TestServer server;
  PocoHttpClientOptions options;
  options.read_timeout = std::chrono::milliseconds(100);
  auto client = MakeClient(options);
  ASSERT_NE(client, nullptr);
  auto response = client->Send(HttpRequest{"GET", server.Url("/hang?access_token=ya29.secret"),
                                           {}, ""});
  server.gate().Open();
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().code, ErrorCode::kTimeout);
  EXPECT_THAT(response.error().message,
              AllOf(HasSubstr("127.0.0.1"), HasSubstr("/hang"), HasSubstr("reading the response"),
                    Not(HasSubstr("ya29.secret"))));
}

// A server that answers every connection with `head` and then one byte of `body` every
// `interval`, for at most `max_bytes` bytes (the test stays bounded even if the client never
// gives up). Runs on its own thread; 127.0.0.1, ephemeral port.
class TricklingServer {
 public:
  TricklingServer(std::string head, std::chrono::milliseconds interval, int max_bytes = 200)
      : socket_(Poco::Net::SocketAddress("127.0.0.1", 0)),
        thread_([this, head = std::move(head), interval, max_bytes] {
          Serve(head, interval, max_bytes);
        }) {}
  ~TricklingServer() {
    stop_ = true;
    thread_.join();
  }
  std::string Url(std::string const& target) const {
    return "http://127.0.0.1:" + std::to_string(socket_.address().port()) + target;
  }
  int bytes_trickled() const { return trickled_; }

 private:
  void Serve(std::string const& head, std::chrono::milliseconds interval, int max_bytes) {
    // Bounded wait for the client; the test fails on its own if it never connects.
    if (!socket_.poll(Poco::Timespan(10, 0), Poco::Net::Socket::SELECT_READ)) return;
    Poco::Net::StreamSocket connection = socket_.acceptConnection();
    connection.setReceiveTimeout(Poco::Timespan(5, 0));
    std::string request;
    char buffer[1024];
    try {
      while (request.find("\r\n\r\n") == std::string::npos) {
        int const n = connection.receiveBytes(buffer, sizeof buffer);
        if (n <= 0) return;
        request.append(buffer, static_cast<std::size_t>(n));
      }
      connection.sendBytes(head.data(), static_cast<int>(head.size()));
      for (int i = 0; i < max_bytes && !stop_; ++i) {
        std::this_thread::sleep_for(interval);  // the behaviour under test, not a synchronisation
        if (connection.sendBytes("x", 1) != 1) return;
        ++trickled_;
      }
    } catch (Poco::Exception const&) {
      // The client cut the connection off: what the test expects.
    }
  }

  Poco::Net::ServerSocket socket_;
  std::atomic<bool> stop_{false};
  std::atomic<int> trickled_{0};
  std::thread thread_;
};

// The per-read timeout (10 s) never fires because a byte arrives every 20 ms; the exchange's
// deadline cuts it off. With and without Content-Length: a close-delimited body would
// otherwise look complete when the deadline shuts the socket.
TEST(PocoHttpClient, TricklingServerIsCutOffAtTheExchangeDeadline) {
  for (std::string const head :
       {"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n",
        "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX-Slow: "}) {  // headers that never end
    SCOPED_TRACE(head);
    TricklingServer server(head, std::chrono::milliseconds(20));
    PocoHttpClientOptions options;
    options.deadline = std::chrono::milliseconds(400);
    options.read_timeout = std::chrono::seconds(10);
    auto client = MakeClient(options);
    ASSERT_NE(client, nullptr);
    auto response = client->Send(HttpRequest{"GET", server.Url("/slow?access_token=ya29.secret"),
                                             {}, ""});
    ASSERT_FALSE(response.has_value()) << response->body.size() << " bytes";
    EXPECT_EQ(response.error().code, ErrorCode::kTimeout);
    EXPECT_EQ(response.error().reach, RequestReach::kMayHaveArrived);
    EXPECT_THAT(response.error().message,
                AllOf(HasSubstr("/slow"), HasSubstr("deadline of 400 ms"),
                      HasSubstr("may have reached the server"), Not(HasSubstr("ya29.secret"))));
    EXPECT_LT(server.bytes_trickled(), 200);  // cut off, not served to the end
  }
}

// A server that accepts the connection and never answers the ClientHello holds the handshake;
// the deadline ends it, and nothing of the request was sent.
TEST(PocoHttpClient, StalledTlsHandshakeIsCutOffAtTheDeadlineBeforeAnythingIsSent) {
  TricklingServer server("", std::chrono::milliseconds(20), 0);
  PocoHttpClientOptions options;
  options.deadline = std::chrono::milliseconds(300);
  options.read_timeout = std::chrono::seconds(10);
  auto client = MakeClient(options);
  ASSERT_NE(client, nullptr);
  std::string url = server.Url("/token");
  url.replace(0, 4, "https");
  auto response = client->Send(HttpRequest{"POST", url, {}, "code=4/0Asecret"});
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().code, ErrorCode::kTimeout);
  EXPECT_EQ(response.error().reach, RequestReach::kNotSent);
  EXPECT_THAT(response.error().message,
              AllOf(HasSubstr("TLS"), HasSubstr("deadline of 300 ms"),
                    HasSubstr("nothing was sent"), Not(HasSubstr("4/0Asecret"))));
}

TEST(PocoHttpClient, ResponseBodiesAreSizeBounded) {
  TestServer server;
  PocoHttpClientOptions options;
  options.max_response_bytes = 10;
  auto client = MakeClient(options);
  ASSERT_NE(client, nullptr);
  // Chunked, close-delimited, and declared by Content-Length (refused before reading).
  for (std::string const target : {"/chunked", "/close", "/status/200?x=long-enough"}) {
    auto response = client->Send(HttpRequest{"GET", server.Url(target), {}, ""});
    ASSERT_FALSE(response.has_value()) << target;
    EXPECT_EQ(response.error().code, ErrorCode::kTransport);
    EXPECT_THAT(response.error().message, HasSubstr("larger than the 10 bytes allowed"));
  }
  options.max_response_bytes = 35;  // exactly "chunk0;...chunk4;"
  auto roomy = MakeClient(options);
  ASSERT_NE(roomy, nullptr);
  auto chunked = roomy->Send(HttpRequest{"GET", server.Url("/chunked"), {}, ""});
  ASSERT_TRUE(chunked.has_value()) << chunked.error().message;
  EXPECT_EQ(chunked->body.size(), 35u);
}

// The CA bundle is decoded when the first https:// request needs it: a CA file of garbage
// makes creation and plain-http requests succeed, and only the https request fail.
TEST(PocoHttpClient, TlsContextIsBuiltByTheFirstHttpsRequestOnly) {
  auto const dir = std::filesystem::temp_directory_path() /
                   ("gauthflow-lazy-tls-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto const garbage = (dir / "garbage.pem").string();
  std::ofstream(garbage) << "-----BEGIN CERTIFICATE-----\nnot base64 at all\n";
  TestServer server;
  PocoHttpClientOptions options;
  options.ca_file = garbage;
  auto client = MakeClient(options);
  ASSERT_NE(client, nullptr);
  EXPECT_EQ(client->tls_contexts_built(), 0);
  auto plain = client->Send(HttpRequest{"GET", server.Url("/echo"), {}, ""});
  ASSERT_TRUE(plain.has_value()) << plain.error().message;
  EXPECT_EQ(client->tls_contexts_built(), 0);

  std::string url = server.Url("/echo");
  url.replace(0, 4, "https");
  auto secure = client->Send(HttpRequest{"GET", url, {}, ""});
  ASSERT_FALSE(secure.has_value());
  EXPECT_EQ(secure.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(secure.error().reach, RequestReach::kNotSent);
  EXPECT_THAT(secure.error().message, AllOf(HasSubstr(garbage), HasSubstr("nothing was sent")));
  std::filesystem::remove_all(dir);
}

TEST(PocoHttpClient, NonPositiveDurationsAreRefused) {
  PocoHttpClientOptions options;
  options.deadline = std::chrono::milliseconds(0);
  auto client = PocoHttpClient::Create(options);
  ASSERT_FALSE(client.has_value());
  EXPECT_THAT(client.error().message, HasSubstr("deadline must be positive"));
}

TEST(PocoHttpClient, HttpsToAPlainHttpServerFailsTheHandshake) {
  TestServer server;
  auto client = MakeClient();
  ASSERT_NE(client, nullptr);
  std::string url = server.Url("/echo?code=4/0Asecret");
  url.replace(0, 4, "https");
  auto response = client->Send(HttpRequest{"GET", url, {}, ""});
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().code, ErrorCode::kTransport);
  EXPECT_THAT(response.error().message,
              AllOf(HasSubstr("https://127.0.0.1"), Not(HasSubstr("4/0Asecret"))));
}

TEST(PocoHttpClient, RejectsUrlsThatAreNotHttp) {
  auto client = MakeClient();
  ASSERT_NE(client, nullptr);
  auto ftp = client->Send(HttpRequest{"GET", "ftp://127.0.0.1/file", {}, ""});
  ASSERT_FALSE(ftp.has_value());
  EXPECT_EQ(ftp.error().code, ErrorCode::kInvalidArgument);
  auto no_host = client->Send(HttpRequest{"GET", "http:///path?code=4/0Asecret", {}, ""});
  ASSERT_FALSE(no_host.has_value());
  EXPECT_EQ(no_host.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(no_host.error().message, Not(HasSubstr("4/0Asecret")));
}

TEST(PocoHttpClient, MissingCaFileIsAnError) {
  PocoHttpClientOptions options;
  options.ca_file = "/nonexistent/gauthflow-test-ca.pem";
  auto client = PocoHttpClient::Create(options);
  ASSERT_FALSE(client.has_value());
  EXPECT_EQ(client.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(client.error().message, HasSubstr("/nonexistent/gauthflow-test-ca.pem"));
}

TEST(PocoHttpClient, ObserverSeesTheRequestAsSentAndTheOutcome) {
  TestServer server;
  std::vector<std::pair<HttpRequest, Result<HttpResponse>>> seen;
  PocoHttpClientOptions options;
  options.observer = [&seen](HttpRequest const& request, Result<HttpResponse> const& result) {
    seen.emplace_back(request, result);
  };
  auto client = MakeClient(options);
  ASSERT_NE(client, nullptr);
  ASSERT_TRUE(client->Send(HttpRequest{"GET", server.Url("/status/400"), {}, ""}).has_value());
  auto const refused = "http://127.0.0.1:" + std::to_string(ClosedPort()) + "/";
  ASSERT_FALSE(client->Send(HttpRequest{"GET", refused, {}, ""}).has_value());

  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].first.url, server.Url("/status/400"));
  EXPECT_THAT(seen[0].first.headers, Contains(Pair("User-Agent", "gauthflow/0.1")));
  ASSERT_TRUE(seen[0].second.has_value());
  EXPECT_EQ(seen[0].second->status, 400);
  ASSERT_FALSE(seen[1].second.has_value());
  EXPECT_EQ(seen[1].second.error().code, ErrorCode::kTransport);
}

// A self-signed certificate for 127.0.0.1 (CN and IP SAN), written as PEM into a temp dir.
class SelfSignedCertificate {
 public:
  // The subject's CN repeats the address, as Poco 1.11 also matches host names against it.
  static std::string CommonName(std::string const& subject_alt_name) {
    auto const colon = subject_alt_name.find(':');
    return colon == std::string::npos ? subject_alt_name : subject_alt_name.substr(colon + 1);
  }

  // `subject_alt_name` in OpenSSL's config syntax, e.g. "IP:127.0.0.1".
  explicit SelfSignedCertificate(char const* subject_alt_name = "IP:127.0.0.1") {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "gauthflow-tls-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) return;
    dir_ = pattern;
    EVP_PKEY* key = EVP_EC_gen("P-256");
    X509* cert = X509_new();
    if (key == nullptr || cert == nullptr) return;
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), 24 * 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<unsigned char const*>(CommonName(subject_alt_name).c_str()),
                               -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    for (auto const& [nid, value] : {std::pair{NID_subject_alt_name, subject_alt_name},
                                     std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
      X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
      X509_add_ext(cert, ext, -1);
      X509_EXTENSION_free(ext);
    }
    X509_sign(cert, key, EVP_sha256());
    if (FILE* f = std::fopen(KeyFile().c_str(), "w")) {
      PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
      std::fclose(f);
    }
    if (FILE* f = std::fopen(CertFile().c_str(), "w")) {
      ok_ = PEM_write_X509(f, cert) == 1;
      std::fclose(f);
    }
    X509_free(cert);
    EVP_PKEY_free(key);
  }
  ~SelfSignedCertificate() {
    std::error_code ignored;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
  }
  bool ok() const { return ok_; }
  std::string KeyFile() const { return (dir_ / "key.pem").string(); }
  std::string CertFile() const { return (dir_ / "cert.pem").string(); }

 private:
  std::filesystem::path dir_;
  bool ok_ = false;
};

// An HTTPS TestServer presenting `certificate`.
Poco::Net::ServerSocket SecureSocket(SelfSignedCertificate const& certificate) {
  Poco::Net::Context::Ptr context = new Poco::Net::Context(
      Poco::Net::Context::TLS_SERVER_USE, certificate.KeyFile(), certificate.CertFile(), "",
      Poco::Net::Context::VERIFY_NONE);
  return Poco::Net::SecureServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0), 64, context);
}

TEST(PocoHttpClient, RejectsACertificateThatTheSystemStoreDoesNotTrust) {
  SelfSignedCertificate certificate;
  ASSERT_TRUE(certificate.ok());
  TestServer server(SecureSocket(certificate));
  auto client = MakeClient();
  ASSERT_NE(client, nullptr);
  auto response = client->Send(HttpRequest{
      "GET", "https://127.0.0.1:" + std::to_string(server.port()) + "/echo?code=4/0Asecret", {},
      ""});
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().code, ErrorCode::kTransport);
  EXPECT_THAT(response.error().message,
              AllOf(HasSubstr("https://127.0.0.1"), HasSubstr("TLS"), Not(HasSubstr("4/0Asecret"))));
  EXPECT_THAT(response.error().message, ContainsRegex("[Cc]ertificate"));
  // The handshake failed: the request never left.
  EXPECT_EQ(response.error().reach, RequestReach::kNotSent);
}

TEST(PocoHttpClient, TrustsTheConfiguredCaFile) {
  SelfSignedCertificate certificate;
  ASSERT_TRUE(certificate.ok());
  TestServer server(SecureSocket(certificate));
  PocoHttpClientOptions options;
  options.ca_file = certificate.CertFile();
  auto client = MakeClient(options);
  ASSERT_NE(client, nullptr);
  EXPECT_EQ(client->tls_contexts_built(), 0);
  for (int i = 0; i < 2; ++i) {
    auto response = client->Send(HttpRequest{
        "POST", "https://127.0.0.1:" + std::to_string(server.port()) + "/echo", {}, "over tls"});
    ASSERT_TRUE(response.has_value()) << response.error().message;
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "over tls");
  }
  EXPECT_EQ(client->tls_contexts_built(), 1);  // built once, then reused
}

TEST(PocoHttpClient, RejectsATrustedCertificateForAnotherHostName) {
  // The certificate names 127.0.0.2 only, and the server is reached as 127.0.0.1 (no name
  // resolution involved: a fresh machine may not even resolve "localhost").
  SelfSignedCertificate certificate("IP:127.0.0.2");
  ASSERT_TRUE(certificate.ok());
  TestServer server(SecureSocket(certificate));
  PocoHttpClientOptions options;
  options.ca_file = certificate.CertFile();
  auto client = MakeClient(options);
  ASSERT_NE(client, nullptr);
  auto response = client->Send(HttpRequest{
      "GET", "https://127.0.0.1:" + std::to_string(server.port()) + "/echo", {}, ""});
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().code, ErrorCode::kTransport);
  EXPECT_THAT(response.error().message, HasSubstr("https://127.0.0.1"));
  EXPECT_THAT(response.error().message, ContainsRegex("[Cc]ertificate"));
}

}  // namespace
}  // namespace gauthflow
