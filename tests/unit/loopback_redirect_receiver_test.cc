#include "gauthflow/poco/loopback_redirect_receiver.h"

#include <Poco/Exception.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "gauthflow/poco/poco_http_client.h"
#include "testing/fake_clock.h"

namespace gauthflow {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Optional;
using ::testing::StartsWith;
using ::testing::StrCaseEq;
using testing::FakeClock;

constexpr auto kWait = std::chrono::minutes(5);

// Runs WaitForRedirect on another thread. The destructor moves the fake clock past any
// deadline first, so a failed assertion can never leave the test waiting for ever.
class BackgroundWait {
 public:
  BackgroundWait(LoopbackRedirectReceiver& receiver, FakeClock& clock, RedirectHandler handler)
      : clock_(clock), handler_(std::move(handler)) {
    auto const deadline = clock.Now() + kWait;
    future_ = std::async(std::launch::async, [&receiver, deadline, this] {
      return receiver.WaitForRedirect(deadline, handler_);
    });
  }
  ~BackgroundWait() {
    clock_.Advance(std::chrono::hours(24));
    if (future_.valid()) future_.wait();
  }
  Result<std::string> Get() { return future_.get(); }

 private:
  FakeClock& clock_;
  RedirectHandler handler_;
  std::future<Result<std::string>> future_;
};

// Records what the receiver handed over and answers with a fixed page.
struct RecordingHandler {
  RedirectPage page;
  std::shared_ptr<std::vector<std::string>> urls = std::make_shared<std::vector<std::string>>();

  RedirectHandler AsHandler() const {
    return [page = page, urls = urls](std::string_view url) {
      urls->emplace_back(url);
      return page;
    };
  }
};

Result<HttpResponse> Get(std::string const& url) {
  PocoHttpClientOptions options;
  options.read_timeout = std::chrono::seconds(30);
  auto client = PocoHttpClient::Create(options);
  if (!client) return tl::unexpected(client.error());
  return (*client)->Send(HttpRequest{"GET", url, {}, ""});
}

std::string Origin(std::string const& host, int port) {
  return "http://" + host + ":" + std::to_string(port);
}

// True when nothing holds `port` on `host` any more. SO_REUSEADDR so that connections the
// receiver closed (TIME_WAIT) do not count; a listener still would.
bool CanBind(std::string const& host, int port) {
  try {
    Poco::Net::ServerSocket socket;
    Poco::Net::SocketAddress const address(host, static_cast<Poco::UInt16>(port));
    if (address.family() == Poco::Net::SocketAddress::IPv6) {
      socket.bind6(address, true, false, true);
    } else {
      socket.bind(address, true, false);
    }
    socket.listen();
    socket.close();
    return true;
  } catch (Poco::Exception const&) {
    return false;
  }
}

bool HasIpv6Loopback() { return CanBind("::1", 0); }

TEST(LoopbackRedirectReceiver, AnswersFaviconWith404ThenTakesTheCallback) {
  FakeClock clock;
  LoopbackRedirectReceiver receiver(clock);
  auto uri = receiver.Listen(LoopbackRedirect{"127.0.0.1", 0, true, ""});
  ASSERT_TRUE(uri.has_value()) << uri.error().message;
  int const port = receiver.port();
  ASSERT_GT(port, 0);
  EXPECT_EQ(*uri, Origin("127.0.0.1", port) + "/");

  RecordingHandler recording{RedirectPage{true, "Signed in as <ada@example.com>."}};
  BackgroundWait wait(receiver, clock, recording.AsHandler());

  auto favicon = Get(Origin("127.0.0.1", port) + "/favicon.ico");
  ASSERT_TRUE(favicon.has_value()) << favicon.error().message;
  EXPECT_EQ(favicon->status, 404);

  std::string const callback = *uri + "?state=s1&code=4/0Acode&scope=email%20openid";
  auto page = Get(callback);
  ASSERT_TRUE(page.has_value()) << page.error().message;
  EXPECT_EQ(page->status, 200);
  EXPECT_THAT(page->body, AllOf(HasSubstr("Sign-in complete"),
                                HasSubstr("Signed in as &lt;ada@example.com&gt;."),
                                HasSubstr("<title>gauthflow: Sign-in complete</title>")));
  EXPECT_EQ(FindHeader(page->headers, "Cache-Control"), "no-store");
  EXPECT_THAT(FindHeader(page->headers, "Connection"), Optional(StrCaseEq("close")));
  EXPECT_THAT(FindHeader(page->headers, "Content-Type").value_or(""), StartsWith("text/html"));

  auto result = wait.Get();
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(*result, callback);
  EXPECT_EQ(*recording.urls, std::vector<std::string>{callback});
  EXPECT_EQ(receiver.port(), 0);
  EXPECT_TRUE(CanBind("127.0.0.1", port));
}

TEST(LoopbackRedirectReceiver, RedirectPathWithoutQueryIs400AndTheWaitGoesOn) {
  FakeClock clock;
  LoopbackRedirectReceiver receiver(clock);
  auto uri = receiver.Listen(LoopbackRedirect{"127.0.0.1", 0, true, ""});
  ASSERT_TRUE(uri.has_value()) << uri.error().message;
  RecordingHandler recording{RedirectPage{true, "ok"}};
  BackgroundWait wait(receiver, clock, recording.AsHandler());

  auto bare = Get(*uri);
  ASSERT_TRUE(bare.has_value()) << bare.error().message;
  EXPECT_EQ(bare->status, 400);
  auto page = Get(*uri + "?error=access_denied&state=s1");
  ASSERT_TRUE(page.has_value()) << page.error().message;
  EXPECT_EQ(page->status, 200);

  auto result = wait.Get();
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(*result, *uri + "?error=access_denied&state=s1");
  EXPECT_EQ(recording.urls->size(), 1u);
}

TEST(LoopbackRedirectReceiver, FailurePageEscapesTheMessage) {
  FakeClock clock;
  LoopbackRedirectReceiverOptions options;
  options.brand = "Tool <&>";
  LoopbackRedirectReceiver receiver(clock, options);
  auto uri = receiver.Listen(LoopbackRedirect{"127.0.0.1", 0, true, ""});
  ASSERT_TRUE(uri.has_value()) << uri.error().message;
  RecordingHandler recording{
      RedirectPage{false, "access_denied: <script>alert('x')</script> & \"more\""}};
  BackgroundWait wait(receiver, clock, recording.AsHandler());

  auto page = Get(*uri + "?error=access_denied");
  ASSERT_TRUE(page.has_value()) << page.error().message;
  EXPECT_THAT(page->body,
              AllOf(HasSubstr("Sign-in failed"),
                    HasSubstr("access_denied: &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; "
                              "&amp; &quot;more&quot;"),
                    HasSubstr("Tool &lt;&amp;&gt;"), Not(HasSubstr("<script>")),
                    Not(HasSubstr("Tool <&>"))));
  EXPECT_EQ(FindHeader(page->headers, "Cache-Control"), "no-store");
  ASSERT_TRUE(wait.Get().has_value());
}

TEST(LoopbackRedirectReceiver, OtherMethodsOnTheRedirectPathAreRefused) {
  FakeClock clock;
  LoopbackRedirectReceiver receiver(clock);
  auto uri = receiver.Listen(LoopbackRedirect{"127.0.0.1", 0, true, ""});
  ASSERT_TRUE(uri.has_value()) << uri.error().message;
  RecordingHandler recording{RedirectPage{true, "ok"}};
  BackgroundWait wait(receiver, clock, recording.AsHandler());

  auto client = PocoHttpClient::Create({});
  ASSERT_TRUE(client.has_value());
  auto post = (*client)->Send(HttpRequest{"POST", *uri + "?code=x", {}, "code=x"});
  ASSERT_TRUE(post.has_value()) << post.error().message;
  EXPECT_EQ(post->status, 405);
  ASSERT_TRUE(Get(*uri + "?code=y").has_value());
  auto result = wait.Get();
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(*result, *uri + "?code=y");
}

TEST(LoopbackRedirectReceiver, TimesOutWhenTheClockPassesTheDeadline) {
  FakeClock clock;
  LoopbackRedirectReceiver receiver(clock);
  auto uri = receiver.Listen(LoopbackRedirect{"127.0.0.1", 0, true, ""});
  ASSERT_TRUE(uri.has_value()) << uri.error().message;
  int const port = receiver.port();
  RecordingHandler recording{RedirectPage{true, "ok"}};
  BackgroundWait wait(receiver, clock, recording.AsHandler());

  clock.Advance(kWait + std::chrono::seconds(1));
  auto result = wait.Get();
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kTimeout);
  EXPECT_THAT(result.error().message, HasSubstr(*uri));
  EXPECT_TRUE(recording.urls->empty());
  EXPECT_TRUE(CanBind("127.0.0.1", port));
}

TEST(LoopbackRedirectReceiver, DeadlineAlreadyPassedTimesOutAtOnce) {
  FakeClock clock;
  LoopbackRedirectReceiver receiver(clock);
  auto uri = receiver.Listen(LoopbackRedirect{"127.0.0.1", 0, true, ""});
  ASSERT_TRUE(uri.has_value()) << uri.error().message;
  int const port = receiver.port();
  int calls = 0;
  auto result = receiver.WaitForRedirect(clock.Now() - std::chrono::seconds(1),
                                         [&calls](std::string_view) {
                                           ++calls;
                                           return RedirectPage{true, ""};
                                         });
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kTimeout);
  EXPECT_EQ(calls, 0);
  EXPECT_TRUE(CanBind("127.0.0.1", port));
}

TEST(LoopbackRedirectReceiver, BusyPortIsPortInUseAndSuggestsPortZero) {
  Poco::Net::ServerSocket holder(Poco::Net::SocketAddress("127.0.0.1", 0));
  int const port = holder.address().port();
  FakeClock clock;
  LoopbackRedirectReceiver receiver(clock);
  auto uri = receiver.Listen(LoopbackRedirect{"127.0.0.1", port, true, ""});
  ASSERT_FALSE(uri.has_value());
  EXPECT_EQ(uri.error().code, ErrorCode::kPortInUse);
  EXPECT_THAT(uri.error().message,
              AllOf(HasSubstr("127.0.0.1:" + std::to_string(port)), HasSubstr("port 0")));
  EXPECT_EQ(receiver.port(), 0);
}

TEST(LoopbackRedirectReceiver, FixedFreePortIsUsedAsGiven) {
  int port = 0;
  {
    Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
    port = probe.address().port();
  }
  FakeClock clock;
  LoopbackRedirectReceiver receiver(clock);
  auto uri = receiver.Listen(LoopbackRedirect{"127.0.0.1", port, true, ""});
  ASSERT_TRUE(uri.has_value()) << uri.error().message;
  EXPECT_EQ(*uri, Origin("127.0.0.1", port) + "/");
  EXPECT_FALSE(CanBind("127.0.0.1", port));
  receiver.Close();
  EXPECT_TRUE(CanBind("127.0.0.1", port));
}

TEST(LoopbackRedirectReceiver, IdleSpareConnectionDoesNotBlockTheCallback) {
  FakeClock clock;
  LoopbackRedirectReceiver receiver(clock);
  auto uri = receiver.Listen(LoopbackRedirect{"127.0.0.1", 0, true, ""});
  ASSERT_TRUE(uri.has_value()) << uri.error().message;
  int const port = receiver.port();
  // What Chrome does: a speculative connection that never sends a request.
  Poco::Net::StreamSocket idle(Poco::Net::SocketAddress("127.0.0.1", port));
  RecordingHandler recording{RedirectPage{true, "ok"}};
  BackgroundWait wait(receiver, clock, recording.AsHandler());

  auto page = Get(*uri + "?code=4/0Aidle");
  ASSERT_TRUE(page.has_value()) << page.error().message;
  EXPECT_EQ(page->status, 200);
  auto result = wait.Get();
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(*result, *uri + "?code=4/0Aidle");
  EXPECT_TRUE(CanBind("127.0.0.1", port));
}

TEST(LoopbackRedirectReceiver, PortIsReleasedByCloseAndByTheDestructor) {
  FakeClock clock;
  int port = 0;
  {
    LoopbackRedirectReceiver receiver(clock);
    ASSERT_TRUE(receiver.Listen(LoopbackRedirect{"127.0.0.1", 0, true, ""}).has_value());
    port = receiver.port();
    EXPECT_FALSE(CanBind("127.0.0.1", port));
    receiver.Close();
    EXPECT_TRUE(CanBind("127.0.0.1", port));
    EXPECT_EQ(receiver.port(), 0);
    // Listening again after Close works.
    ASSERT_TRUE(receiver.Listen(LoopbackRedirect{"127.0.0.1", port, true, ""}).has_value());
    EXPECT_FALSE(CanBind("127.0.0.1", port));
  }
  EXPECT_TRUE(CanBind("127.0.0.1", port));
}

TEST(LoopbackRedirectReceiver, RefusesNonLoopbackHosts) {
  FakeClock clock;
  LoopbackRedirectReceiver receiver(clock);
  for (std::string host : {"0.0.0.0", "192.168.1.10", "example.com", "[::]", "::", "", "[fe80::1]",
                           "localhost.example.com"}) {
    auto uri = receiver.Listen(LoopbackRedirect{host, 0, true, ""});
    ASSERT_FALSE(uri.has_value()) << host;
    EXPECT_EQ(uri.error().code, ErrorCode::kInvalidArgument) << host;
    EXPECT_THAT(uri.error().message, HasSubstr("\"" + host + "\"")) << host;
  }
  EXPECT_EQ(receiver.port(), 0);
}

TEST(LoopbackRedirectReceiver, RejectsBadPortsPathsAndMisuse) {
  FakeClock clock;
  LoopbackRedirectReceiver receiver(clock);
  auto bad_port = receiver.Listen(LoopbackRedirect{"127.0.0.1", 70000, true, ""});
  ASSERT_FALSE(bad_port.has_value());
  EXPECT_EQ(bad_port.error().code, ErrorCode::kInvalidArgument);
  auto bad_path = receiver.Listen(LoopbackRedirect{"127.0.0.1", 0, true, "a?b"});
  ASSERT_FALSE(bad_path.has_value());
  EXPECT_EQ(bad_path.error().code, ErrorCode::kInvalidArgument);
  auto before = receiver.WaitForRedirect(clock.Now() + kWait,
                                         [](std::string_view) { return RedirectPage{}; });
  ASSERT_FALSE(before.has_value());
  EXPECT_EQ(before.error().code, ErrorCode::kInvalidArgument);
  ASSERT_TRUE(receiver.Listen(LoopbackRedirect{"127.0.0.1", 0, true, ""}).has_value());
  auto twice = receiver.Listen(LoopbackRedirect{"127.0.0.1", 0, true, ""});
  ASSERT_FALSE(twice.has_value());
  EXPECT_EQ(twice.error().code, ErrorCode::kInvalidArgument);
}

TEST(LoopbackRedirectReceiver, ServesAPathWithOrWithoutTrailingSlash) {
  FakeClock clock;
  LoopbackRedirectReceiver receiver(clock);
  auto uri = receiver.Listen(LoopbackRedirect{"127.0.0.1", 0, true, "/oauth/callback"});
  ASSERT_TRUE(uri.has_value()) << uri.error().message;
  int const port = receiver.port();
  EXPECT_EQ(*uri, Origin("127.0.0.1", port) + "/oauth/callback/");
  {
    RecordingHandler recording{RedirectPage{true, "ok"}};
    BackgroundWait wait(receiver, clock, recording.AsHandler());
    auto root = Get(Origin("127.0.0.1", port) + "/?code=wrong-path");
    ASSERT_TRUE(root.has_value()) << root.error().message;
    EXPECT_EQ(root->status, 404);
    ASSERT_TRUE(Get(*uri + "?code=right").has_value());
    auto result = wait.Get();
    ASSERT_TRUE(result.has_value()) << result.error().message;
    EXPECT_EQ(*result, *uri + "?code=right");
  }

  auto bare = receiver.Listen(LoopbackRedirect{"127.0.0.1", 0, false, ""});
  ASSERT_TRUE(bare.has_value()) << bare.error().message;
  EXPECT_EQ(*bare, Origin("127.0.0.1", receiver.port()));
  RecordingHandler recording{RedirectPage{true, "ok"}};
  BackgroundWait wait(receiver, clock, recording.AsHandler());
  // Browsers request "/" for a URI without a path.
  ASSERT_TRUE(Get(*bare + "/?code=c").has_value());
  auto result = wait.Get();
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(*result, *bare + "?code=c");
}

TEST(LoopbackRedirectReceiver, ListensOnIpv6Loopback) {
  if (!HasIpv6Loopback()) GTEST_SKIP() << "no IPv6 loopback on this machine";
  for (std::string host : {"[::1]", "::1"}) {
    FakeClock clock;
    LoopbackRedirectReceiver receiver(clock);
    auto uri = receiver.Listen(LoopbackRedirect{host, 0, true, ""});
    ASSERT_TRUE(uri.has_value()) << uri.error().message;
    int const port = receiver.port();
    EXPECT_EQ(*uri, Origin("[::1]", port) + "/");
    RecordingHandler recording{RedirectPage{true, "ok"}};
    BackgroundWait wait(receiver, clock, recording.AsHandler());
    auto page = Get(*uri + "?code=v6");
    ASSERT_TRUE(page.has_value()) << page.error().message;
    EXPECT_EQ(page->status, 200);
    auto result = wait.Get();
    ASSERT_TRUE(result.has_value()) << result.error().message;
    EXPECT_EQ(*result, *uri + "?code=v6");
    EXPECT_TRUE(CanBind("::1", port));
  }
}

TEST(LoopbackRedirectReceiver, LocalhostListensOnBothFamilies) {
  FakeClock clock;
  LoopbackRedirectReceiver receiver(clock);
  auto uri = receiver.Listen(LoopbackRedirect{"localhost", 0, true, ""});
  ASSERT_TRUE(uri.has_value()) << uri.error().message;
  int const port = receiver.port();
  EXPECT_EQ(*uri, Origin("localhost", port) + "/");
  EXPECT_FALSE(CanBind("127.0.0.1", port));
  bool const v6 = HasIpv6Loopback();
  if (v6) {
    EXPECT_FALSE(CanBind("::1", port));
  }

  RecordingHandler recording{RedirectPage{true, "ok"}};
  BackgroundWait wait(receiver, clock, recording.AsHandler());
  // Whichever family the browser picked, the request reaches the receiver.
  auto favicon = Get(Origin("127.0.0.1", port) + "/favicon.ico");
  ASSERT_TRUE(favicon.has_value()) << favicon.error().message;
  EXPECT_EQ(favicon->status, 404);
  std::string const host = v6 ? "[::1]" : "127.0.0.1";
  auto page = Get(Origin(host, port) + "/?code=local");
  ASSERT_TRUE(page.has_value()) << page.error().message;
  EXPECT_EQ(page->status, 200);
  auto result = wait.Get();
  ASSERT_TRUE(result.has_value()) << result.error().message;
  // The URL handed over is the redirect_uri that was sent, whatever address answered.
  EXPECT_EQ(*result, *uri + "?code=local");
  EXPECT_TRUE(CanBind("127.0.0.1", port));
  if (v6) {
    EXPECT_TRUE(CanBind("::1", port));
  }
}

TEST(LoopbackRedirectReceiver, LocalhostWithIpv6PortTakenIsPortInUse) {
  if (!HasIpv6Loopback()) GTEST_SKIP() << "no IPv6 loopback on this machine";
  Poco::Net::ServerSocket holder;
  holder.bind6(Poco::Net::SocketAddress("::1", 0), false, false, true);
  holder.listen();
  int const port = holder.address().port();
  if (!CanBind("127.0.0.1", port)) GTEST_SKIP() << "127.0.0.1:" << port << " is taken";
  FakeClock clock;
  LoopbackRedirectReceiver receiver(clock);
  auto uri = receiver.Listen(LoopbackRedirect{"localhost", port, true, ""});
  ASSERT_FALSE(uri.has_value());
  EXPECT_EQ(uri.error().code, ErrorCode::kPortInUse);
  EXPECT_THAT(uri.error().message, HasSubstr("[::1]:" + std::to_string(port)));
  // The IPv4 half was released again.
  EXPECT_TRUE(CanBind("127.0.0.1", port));
}

}  // namespace
}  // namespace gauthflow
