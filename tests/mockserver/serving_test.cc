// The serving model (mockserver/src/http/): connections that are idle, dribbling or hostile
// hold no thread; deadlines close them; RFC 9112 framing errors close the connection; pipelined
// requests are answered in order; the delay fault waits on a timer, not on a thread.
#include <memory>
#include <string>
#include <vector>

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/TemporaryFile.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "test_support.h"

namespace gauthflow::mockserver::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kDiscovery[] = "/.well-known/openid-configuration";

// A raw TCP connection to the server, for what an HTTP client library will not send.
class RawConnection {
 public:
  explicit RawConnection(int port) {
    socket_.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)));
    // Generous: a bound on a broken server, never a timing the test relies on.
    socket_.setReceiveTimeout(Poco::Timespan(20, 0));
  }
  void Send(std::string const& bytes) {
    socket_.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
  }
  // Everything until the server closes (throws Poco::TimeoutException if it never does).
  std::string ReadUntilClosed() {
    std::string all;
    char buffer[4096];
    for (;;) {
      int got = socket_.receiveBytes(buffer, sizeof(buffer));
      if (got <= 0) return all;
      all.append(buffer, static_cast<std::size_t>(got));
    }
  }
  // Up to the end of a header section (a byte at a time, so nothing after it is read).
  std::string ReadHead() {
    std::string all;
    char c = 0;
    while (all.find("\r\n\r\n") == std::string::npos) {
      if (socket_.receiveBytes(&c, 1) <= 0) return all;
      all += c;
    }
    return all;
  }
  // One response with a Content-Length body; what follows stays unread.
  std::string ReadResponse() {
    std::string all = ReadHead();
    std::size_t length = std::stoul(Capture(all, "Content-Length: ([0-9]+)"));
    std::string body(length, '\0');
    std::size_t got = 0;
    while (got < length) {
      int n = socket_.receiveBytes(body.data() + got, static_cast<int>(length - got));
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    return all + body.substr(0, got);
  }
  bool HasDataNow() { return socket_.poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_READ); }
  // Half-closes: the server reads end-of-file after what was sent.
  void ShutdownSend() { socket_.shutdownSend(); }

 private:
  Poco::Net::StreamSocket socket_;
};

std::vector<std::string> StatusLines(std::string const& wire) {
  std::vector<std::string> lines;
  for (std::size_t at = wire.find("HTTP/1.1 "); at != std::string::npos;
       at = wire.find("HTTP/1.1 ", at + 1)) {
    lines.push_back(wire.substr(at, 12));
  }
  return lines;
}

class Serving : public ServerTest {
 protected:
  void SetUp() override {}  // each test starts the server it needs
  void Start(ServerLimits limits = ServerLimits(), int threads = 2) {
    ServerConfig config = DefaultServerConfig();
    config.limits = limits;
    config.threads = threads;
    StartServer(config);
  }
};

TEST_F(Serving, HeldConnectionsDoNotStallANewClient) {
  Start(ServerLimits(), /*threads=*/1);
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 200; ++i) held.push_back(std::make_unique<RawConnection>(server_->port()));
  for (int i = 0; i < 20; ++i) {  // slowloris: a request line and the start of a header
    held.push_back(std::make_unique<RawConnection>(server_->port()));
    held.back()->Send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a");
  }
  for (int i = 200; i < 220; ++i) held[static_cast<std::size_t>(i)]->Send("b");
  HttpResult answer = Get(base_, kDiscovery);
  EXPECT_EQ(answer.status, 200);
  EXPECT_THAT(answer.body, HasSubstr("\"issuer\""));
}

TEST_F(Serving, HeaderDeadlineClosesADribblingConnection) {
  ServerLimits limits;
  limits.header_timeout = std::chrono::milliseconds(200);
  Start(limits);
  RawConnection dribbling(server_->port());
  dribbling.Send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
  dribbling.Send("a");
  std::string answer = dribbling.ReadUntilClosed();
  EXPECT_THAT(answer, StartsWith("HTTP/1.1 408"));
  EXPECT_THAT(answer, HasSubstr("Request headers not complete within 200 ms."));
  EXPECT_THAT(answer, HasSubstr("Connection: close"));

  RawConnection silent(server_->port());  // never sends a byte: closed without an answer
  EXPECT_EQ(silent.ReadUntilClosed(), "");
}

TEST_F(Serving, IdleTimeoutClosesAKeepAliveConnection) {
  ServerLimits limits;
  limits.idle_timeout = std::chrono::milliseconds(200);  // the header deadline stays at 30 s
  Start(limits);
  RawConnection connection(server_->port());
  connection.Send(std::string("GET ") + kDiscovery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  std::string answer = connection.ReadResponse();
  EXPECT_THAT(answer, StartsWith("HTTP/1.1 200"));
  EXPECT_THAT(answer, Not(HasSubstr("Connection: close")));
  EXPECT_EQ(connection.ReadUntilClosed(), "");  // closed while idle, nothing more sent
}

// The serving loop reads after an answer only when epoll reports more input (the read that
// completed the request came back short). Each request of a keep-alive client, and each part
// of a request sent in pieces, must still be read when it comes.
TEST_F(Serving, AKeepAliveConnectionIsReadForEachRequestAsItComes) {
  Start();
  RawConnection connection(server_->port());
  for (int i = 0; i < 50; ++i) {
    std::string const body = "grant_type=refresh_token&refresh_token=1%2F%2F0unknown" +
                             std::to_string(i) + "&client_id=x&client_secret=y";
    connection.Send("POST /token HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                    std::to_string(body.size()) + "\r\n\r\n");
    connection.Send(body);
    std::string answer = connection.ReadResponse();
    ASSERT_THAT(answer, StartsWith("HTTP/1.1 401")) << "request " << i;  // unknown client
    EXPECT_THAT(answer, HasSubstr("invalid_client"));
  }
}

// A client that sends its request and half-closes at once: the answer comes, then the close,
// long before any deadline (the end-of-file is not left unread in the socket).
TEST_F(Serving, AClientThatHangsUpAfterItsRequestIsAnsweredAndClosed) {
  ServerLimits limits;
  limits.idle_timeout = std::chrono::milliseconds(120'000);  // beyond the test's read timeout
  Start(limits);
  for (int i = 0; i < 10; ++i) {
    RawConnection connection(server_->port());
    connection.Send(std::string("GET ") + kDiscovery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    connection.ShutdownSend();
    std::string answer = connection.ReadUntilClosed();  // throws after 20 s if never closed
    EXPECT_EQ(StatusLines(answer), (std::vector<std::string>{"HTTP/1.1 200"}));
  }
}

// Deadlines move several times a request while the loop's timer entry stays put (it fires early
// and re-arms): after requests on a connection, its idle and header deadlines still hold.
TEST_F(Serving, DeadlinesHoldAfterRequestsOnTheConnection) {
  ServerLimits limits;
  limits.idle_timeout = std::chrono::milliseconds(200);
  Start(limits);
  RawConnection idle(server_->port());
  for (int i = 0; i < 5; ++i) {
    idle.Send(std::string("GET ") + kDiscovery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    EXPECT_THAT(idle.ReadResponse(), StartsWith("HTTP/1.1 200"));
  }
  EXPECT_EQ(idle.ReadUntilClosed(), "");  // closed while idle, nothing more sent
}

TEST_F(Serving, AHeaderDeadlineAfterAnAnsweredRequest) {
  ServerLimits limits;
  limits.header_timeout = std::chrono::milliseconds(200);  // the idle deadline stays at 60 s
  Start(limits);
  RawConnection dribbling(server_->port());
  for (int i = 0; i < 3; ++i) {
    dribbling.Send(std::string("GET ") + kDiscovery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    EXPECT_THAT(dribbling.ReadResponse(), StartsWith("HTTP/1.1 200"));
  }
  dribbling.Send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a");
  std::string answer = dribbling.ReadUntilClosed();
  EXPECT_THAT(answer, StartsWith("HTTP/1.1 408"));
  EXPECT_THAT(answer, HasSubstr("Request headers not complete within 200 ms."));
}

// Plain origin-form targets are split by hand, the others by Poco::URI: both read alike.
TEST_F(Serving, TargetsAreReadAsPocoURIReadsThem) {
  Start();
  auto status_of = [&](std::string const& target) {
    RawConnection connection(server_->port());
    connection.Send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    return StatusLines(connection.ReadUntilClosed());
  };
  using Lines = std::vector<std::string>;
  EXPECT_EQ(status_of(kDiscovery), Lines{"HTTP/1.1 200"});
  EXPECT_EQ(status_of(std::string(kDiscovery) + "?a=1&b"), Lines{"HTTP/1.1 200"});
  EXPECT_EQ(status_of("/.well-known/openid-%63onfiguration"), Lines{"HTTP/1.1 200"});
  EXPECT_EQ(status_of(std::string(kDiscovery) + "#fragment"), Lines{"HTTP/1.1 200"});
  EXPECT_EQ(status_of(std::string("/") + kDiscovery), Lines{"HTTP/1.1 404"});  // "//": authority
  EXPECT_EQ(status_of("/bad%zzescape"), Lines{"HTTP/1.1 400"});
}

TEST_F(Serving, BodyDeadlineAnswers408) {
  ServerLimits limits;
  limits.body_timeout = std::chrono::milliseconds(200);
  Start(limits);
  RawConnection connection(server_->port());
  connection.Send("POST /token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n\r\nabc");
  std::string answer = connection.ReadUntilClosed();
  EXPECT_THAT(answer, StartsWith("HTTP/1.1 408"));
  EXPECT_THAT(answer, HasSubstr("Request body not complete within 200 ms."));
}

TEST_F(Serving, BeyondMaxConnectionsAClearAnswer) {
  ServerLimits limits;
  limits.max_connections = 2;
  Start(limits);
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 2; ++i) {
    held.push_back(std::make_unique<RawConnection>(server_->port()));
    held.back()->Send(std::string("GET ") + kDiscovery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    ASSERT_THAT(held.back()->ReadResponse(), StartsWith("HTTP/1.1 200"));  // admitted, kept
  }
  HttpResult refused = Get(base_, kDiscovery);
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(refused.Header("Connection"), "close");
  EXPECT_EQ(refused.Header("Retry-After"), "1");
  auto error = refused.Json()->getObject("error");
  EXPECT_EQ(error->getValue<int>("code"), 503);
  EXPECT_EQ(error->getValue<std::string>("status"), "UNAVAILABLE");
  EXPECT_THAT(error->getValue<std::string>("message"), HasSubstr("maximum of 2 connections"));
  held.clear();  // their close frees the places
}

// RFC 9112 §6.3 item 3: the bytes behind such a request must not become a second request.
TEST_F(Serving, ContentLengthWithTransferEncodingIs400AndCloses) {
  Start();
  RawConnection connection(server_->port());
  connection.Send(std::string("POST /token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n"
                              "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n") +
                  "GET " + kDiscovery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  std::string answer = connection.ReadUntilClosed();
  EXPECT_EQ(StatusLines(answer), std::vector<std::string>{"HTTP/1.1 400"});
  EXPECT_THAT(answer, HasSubstr("Connection: close"));
  EXPECT_THAT(answer, HasSubstr("Content-Length and Transfer-Encoding together"));
  EXPECT_THAT(answer, Not(HasSubstr("issuer")));
}

TEST_F(Serving, UnknownTransferCodingIs501) {
  Start();
  RawConnection connection(server_->port());
  connection.Send("POST /token HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: xchunked\r\n\r\n"
                  "5\r\nhello\r\n0\r\n\r\n");
  std::string answer = connection.ReadUntilClosed();
  EXPECT_EQ(StatusLines(answer), std::vector<std::string>{"HTTP/1.1 501"});
  EXPECT_THAT(answer, HasSubstr("\"UNIMPLEMENTED\""));
  EXPECT_THAT(answer, HasSubstr("xchunked"));
}

TEST_F(Serving, DuplicateContentLengthIs400) {
  Start();
  RawConnection connection(server_->port());
  connection.Send("POST /token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\n"
                  "Content-Length: 30\r\n\r\nabc");
  EXPECT_EQ(StatusLines(connection.ReadUntilClosed()), std::vector<std::string>{"HTTP/1.1 400"});
}

TEST_F(Serving, MalformedChunkSizeIs400AndCloses) {
  Start();
  RawConnection connection(server_->port());
  connection.Send("POST /token HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                  "zz\r\nGET / HTTP/1.1\r\n\r\n");
  EXPECT_EQ(StatusLines(connection.ReadUntilClosed()), std::vector<std::string>{"HTTP/1.1 400"});
}

TEST_F(Serving, ChunkedBodyReachesTheRoute) {
  Start();
  RawConnection connection(server_->port());
  connection.Send("POST /token HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                  "Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n\r\n"
                  "a\r\ngrant_type\r\n4\r\n=foo\r\n0\r\n\r\n");
  std::string answer = connection.ReadUntilClosed();
  EXPECT_THAT(answer, StartsWith("HTTP/1.1 400"));
  EXPECT_THAT(answer, HasSubstr("unsupported_grant_type"));  // the form was read
}

TEST_F(Serving, HeaderFieldsTooLargeIs431) {
  ServerLimits limits;
  limits.max_header_count = 3;
  Start(limits);
  RawConnection connection(server_->port());
  connection.Send("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n");
  std::string answer = connection.ReadUntilClosed();
  EXPECT_THAT(answer, StartsWith("HTTP/1.1 431"));
  EXPECT_THAT(answer, HasSubstr("More than 3 header fields."));
}

TEST_F(Serving, PipelinedRequestsAreAnsweredInOrder) {
  Start();
  RawConnection connection(server_->port());
  connection.Send(std::string("GET /oauth2/v3/certs HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") +
                  "GET " + kDiscovery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" +
                  "GET /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  std::string answer = connection.ReadUntilClosed();
  EXPECT_EQ(StatusLines(answer),
            (std::vector<std::string>{"HTTP/1.1 200", "HTTP/1.1 200", "HTTP/1.1 404"}));
  std::size_t keys = answer.find("\"keys\"");
  std::size_t issuer = answer.find("\"issuer\"");
  std::size_t not_found = answer.find("/nowhere was not found");
  ASSERT_NE(keys, std::string::npos);
  ASSERT_NE(issuer, std::string::npos);
  ASSERT_NE(not_found, std::string::npos);
  EXPECT_LT(keys, issuer);
  EXPECT_LT(issuer, not_found);
}

TEST_F(Serving, ExpectContinueGetsAnInterimAnswer) {
  Start();
  RawConnection connection(server_->port());
  connection.Send("POST /token HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\n"
                  "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 14\r\n"
                  "Connection: close\r\n\r\n");
  EXPECT_EQ(connection.ReadHead(), "HTTP/1.1 100 Continue\r\n\r\n");  // before the body is sent
  connection.Send("grant_type=foo");
  std::string answer = connection.ReadUntilClosed();
  EXPECT_THAT(answer, StartsWith("HTTP/1.1 400"));
  EXPECT_THAT(answer, HasSubstr("unsupported_grant_type"));
}

// With one serving thread, a delayed answer must not hold it: a later request is answered
// while the delayed one still waits.
TEST_F(Serving, DelayFaultDoesNotBlockOtherClients) {
  Start(ServerLimits(), /*threads=*/1);
  ASSERT_EQ(PostJson(base_, "/__admin/faults",
                     std::string(R"({"path":")") + kDiscovery + R"(","kind":"delay","delay_ms":4000})")
                .status,
            200);
  RawConnection delayed(server_->port());
  delayed.Send(std::string("GET ") + kDiscovery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  // The journal records the delayed request when the fault is taken, before its answer waits.
  for (int attempt = 0; attempt < 2000; ++attempt) {
    if (Get(base_, "/__admin/journal").body.find(kDiscovery) != std::string::npos) break;
  }
  HttpResult fresh = Get(base_, "/oauth2/v3/certs");
  EXPECT_EQ(fresh.status, 200);
  EXPECT_FALSE(delayed.HasDataNow());  // the fresh request was answered first
  EXPECT_THAT(delayed.ReadResponse(), StartsWith("HTTP/1.1 200"));
}

TEST_F(Serving, ResetFaultSendsAnRst) {
  Start();
  PostJson(base_, "/__admin/faults", R"({"path":"/oauth2/v3/certs","kind":"reset"})");
  RawConnection connection(server_->port());
  connection.Send("GET /oauth2/v3/certs HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_THROW(connection.ReadUntilClosed(), Poco::Net::ConnectionResetException);
}

TEST_F(Serving, TruncateFaultSendsHalfTheAnnouncedBody) {
  Start();
  PostJson(base_, "/__admin/faults", std::string(R"({"path":")") + kDiscovery + R"(","kind":"truncate"})");
  RawConnection connection(server_->port());
  connection.Send(std::string("GET ") + kDiscovery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  std::string answer = connection.ReadUntilClosed();
  std::size_t head_end = answer.find("\r\n\r\n");
  ASSERT_NE(head_end, std::string::npos);
  std::size_t announced = std::stoul(Capture(answer, "Content-Length: ([0-9]+)"));
  std::size_t body = answer.size() - head_end - 4;
  EXPECT_EQ(body, announced / 2);
  EXPECT_THAT(answer, HasSubstr("Connection: close"));
}

TEST_F(Serving, StopClosesHeldConnections) {
  Start();
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 50; ++i) {
    held.push_back(std::make_unique<RawConnection>(server_->port()));
    // Answered, so admitted (a connection still in the listen backlog would see an RST).
    held.back()->Send(std::string("GET ") + kDiscovery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    ASSERT_THAT(held.back()->ReadResponse(), StartsWith("HTTP/1.1 200"));
  }
  held.back()->Send("GET / HTTP/1.1\r\n");  // and one in the middle of its next request
  server_->Stop();
  for (auto& connection : held) EXPECT_EQ(connection->ReadUntilClosed(), "");
}

// A throw-away self-signed certificate and key, as PEM files.
class SelfSignedPem {
 public:
  SelfSignedPem() {
    EVP_PKEY* key = EVP_EC_gen("P-256");
    X509* cert = X509_new();
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 7);
    X509_gmtime_adj(X509_getm_notBefore(cert), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<unsigned char const*>("127.0.0.1"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509_sign(cert, key, EVP_sha256());
    FILE* cert_out = std::fopen(cert_file_.path().c_str(), "w");
    PEM_write_X509(cert_out, cert);
    std::fclose(cert_out);
    FILE* key_out = std::fopen(key_file_.path().c_str(), "w");
    PEM_write_PrivateKey(key_out, key, nullptr, nullptr, 0, nullptr, nullptr);
    std::fclose(key_out);
    X509_free(cert);
    EVP_PKEY_free(key);
  }
  std::string cert() const { return cert_file_.path(); }
  std::string key() const { return key_file_.path(); }

 private:
  Poco::TemporaryFile cert_file_;
  Poco::TemporaryFile key_file_;
};

TEST_F(Serving, TlsOverTheLoopWhileAPlainTcpClientHoldsItsHandshake) {
  SelfSignedPem pem;
  ServerConfig config = DefaultServerConfig();
  config.tls_cert_file = pem.cert();
  config.tls_key_file = pem.key();
  config.threads = 1;
  StartServer(config);
  ASSERT_THAT(base_, StartsWith("https://"));
  RawConnection stalled(server_->port());  // connects, never says hello
  stalled.Send("\x16\x03");                // nor all of it

  Poco::Net::Context::Ptr context = new Poco::Net::Context(
      Poco::Net::Context::TLS_CLIENT_USE, "", Poco::Net::Context::VERIFY_NONE);
  for (int round = 0; round < 2; ++round) {  // a second session on a fresh connection as well
    Poco::Net::HTTPSClientSession session("127.0.0.1", static_cast<Poco::UInt16>(server_->port()),
                                          context);
    session.setTimeout(Poco::Timespan(20, 0));
    for (int request_number = 0; request_number < 2; ++request_number) {  // keep-alive over TLS
      Poco::Net::HTTPRequest request("GET", kDiscovery, Poco::Net::HTTPMessage::HTTP_1_1);
      session.sendRequest(request);
      Poco::Net::HTTPResponse response;
      std::string body;
      Poco::StreamCopier::copyToString(session.receiveResponse(response), body);
      EXPECT_EQ(response.getStatus(), 200);
      EXPECT_THAT(body, HasSubstr("\"issuer\": \"https://127.0.0.1:"));
    }
  }
}

}  // namespace
}  // namespace gauthflow::mockserver::testing
