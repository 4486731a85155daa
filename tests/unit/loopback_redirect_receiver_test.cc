#include "gauthflow/poco/loopback_redirect_receiver.h"

#include <Poco/Exception.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
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
      return receiver.WaitForRedirect(deadline, handler_, nullptr);
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

// The browser's redirect: answered with 200, and its very URL is what WaitForRedirect returns.
void ExpectCallbackTaken(BackgroundWait& wait, std::string const& callback) {
  auto page = Get(callback);
  ASSERT_TRUE(page.has_value()) << page.error().message;
  EXPECT_EQ(page->status, 200);
  auto result = wait.Get();
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(*result, callback);
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

// A raw client connection, for what a browser's HTTP client never does (idle, dribble, oversize).
Poco::Net::StreamSocket Connect(int port) {
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)));
  // A safety net, not a synchronisation: a broken receiver fails the test instead of hanging it.
  socket.setReceiveTimeout(Poco::Timespan(30, 0));
  return socket;
}

void SendText(Poco::Net::StreamSocket& socket, std::string const& text) {
  socket.sendBytes(text.data(), static_cast<int>(text.size()), MSG_NOSIGNAL);
}

// Everything the receiver sends until it closes the connection; "" if it closes without a word
// (or resets). Throws Poco::TimeoutException after 30 s of silence.
std::string ReadUntilClosed(Poco::Net::StreamSocket& socket) {
  std::string received;
  char buffer[4096];
  for (;;) {
    int n = 0;
    try {
      n = socket.receiveBytes(buffer, static_cast<int>(sizeof buffer));
    } catch (Poco::Net::ConnectionResetException const&) {
      return received;
    }
    if (n <= 0) return received;
    received.append(buffer, static_cast<std::size_t>(n));
  }
}

// Accepts a callback only with state=good: what the flow does with a forged one.
RedirectHandler StateChecking(std::shared_ptr<std::vector<std::string>> urls) {
  return [urls](std::string_view url) {
    urls->emplace_back(url);
    if (url.find("state=good") == std::string_view::npos) {
      return RedirectPage::Refused("wrong state");
    }
    return RedirectPage::Success("ok");
  };
}

// Sends one header byte to each socket every few milliseconds until stopped: connections that
// never finish their request head, but never fall silent either.
class Dribbler {
 public:
  explicit Dribbler(std::vector<Poco::Net::StreamSocket> sockets)
      : sockets_(std::move(sockets)), thread_([this] { Run(); }) {}
  ~Dribbler() {
    stop_ = true;
    thread_.join();
  }

 private:
  void Run() {
    for (auto& socket : sockets_) SendText(socket, "GET /?state=good&code=dribble HTTP/1.1\r\nX-Slow: ");
    while (!stop_) {
      for (auto& socket : sockets_) {
        try {
          SendText(socket, "a");
        } catch (Poco::Exception const&) {
          // Closed by the receiver after the callback: nothing more to dribble.
        }
      }
      // Pacing the attacker, not synchronising the test.
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  std::vector<Poco::Net::StreamSocket> sockets_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

TEST(LoopbackRedirectReceiver, AnswersFaviconWith404ThenTakesTheCallback) {
  FakeClock clock;
  LoopbackRedirectReceiver receiver(clock);
  auto uri = receiver.Listen(LoopbackRedirect{"127.0.0.1", 0, true, ""});
  ASSERT_TRUE(uri.has_value()) << uri.error().message;
  int const port = receiver.port();
  ASSERT_GT(port, 0);
  EXPECT_EQ(*uri, Origin("127.0.0.1", port) + "/");

  RecordingHandler recording{RedirectPage::Success("Signed in as <ada@example.com>.")};
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
  RecordingHandler recording{RedirectPage::Success("ok")};
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
      RedirectPage::Failure("access_denied: <script>alert('x')</script> & \"more\"")};
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

TEST(LoopbackRedirectReceiver, DribblingAndIdleConnectionsDoNotStarveTheCallback) {
  FakeClock clock;
  LoopbackRedirectReceiver receiver(clock);
  auto uri = receiver.Listen(LoopbackRedirect{"127.0.0.1", 0, true, ""});
  ASSERT_TRUE(uri.has_value()) << uri.error().message;
  int const port = receiver.port();
  // 21 idle connections (what browsers open speculatively, or a local process holding slots)
  // and 4 that dribble header bytes for as long as the test runs.
  std::vector<Poco::Net::StreamSocket> idle;
  for (int i = 0; i < 21; ++i) idle.push_back(Connect(port));
  std::vector<Poco::Net::StreamSocket> slow;
  for (int i = 0; i < 4; ++i) slow.push_back(Connect(port));
  Dribbler dribbler(slow);
  RecordingHandler recording{RedirectPage::Success("ok")};
  BackgroundWait wait(receiver, clock, recording.AsHandler());

  std::string const callback = *uri + "?state=s&code=4/0Areal";
  ExpectCallbackTaken(wait, callback);
  EXPECT_EQ(*recording.urls, std::vector<std::string>{callback});
  // Returning released everything: the held connections are closed, the port is free.
  for (auto& socket : idle) EXPECT_EQ(ReadUntilClosed(socket), "");
  EXPECT_TRUE(CanBind("127.0.0.1", port));
}

TEST(LoopbackRedirectReceiver, WrongStateGets400AndTheRightCallbackAfterwardsSucceeds) {
  FakeClock clock;
  LoopbackRedirectReceiver receiver(clock);
  auto uri = receiver.Listen(LoopbackRedirect{"127.0.0.1", 0, true, ""});
  ASSERT_TRUE(uri.has_value()) << uri.error().message;
  auto urls = std::make_shared<std::vector<std::string>>();
  BackgroundWait wait(receiver, clock, StateChecking(urls));

  auto forged = Get(*uri + "?state=WRONG&code=x");
  ASSERT_TRUE(forged.has_value()) << forged.error().message;
  EXPECT_EQ(forged->status, 400);
  EXPECT_THAT(forged->body, AllOf(HasSubstr("Response refused"), HasSubstr("wrong state")));
  EXPECT_EQ(FindHeader(forged->headers, "Cache-Control"), "no-store");

  std::string const callback = *uri + "?state=good&code=4/0Areal";
  auto page = Get(callback);
  ASSERT_TRUE(page.has_value()) << page.error().message;
  EXPECT_EQ(page->status, 200);
  EXPECT_THAT(page->body, HasSubstr("Sign-in complete"));
  auto result = wait.Get();
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(*result, callback);
  EXPECT_EQ(*urls, (std::vector<std::string>{*uri + "?state=WRONG&code=x", callback}));
}

TEST(LoopbackRedirectReceiver, TimeoutCountsTheRefusedCallbacks) {
  FakeClock clock;
  LoopbackRedirectReceiver receiver(clock);
  auto uri = receiver.Listen(LoopbackRedirect{"127.0.0.1", 0, true, ""});
  ASSERT_TRUE(uri.has_value()) << uri.error().message;
  int const port = receiver.port();
  auto urls = std::make_shared<std::vector<std::string>>();
  BackgroundWait wait(receiver, clock, StateChecking(urls));

  for (std::string const state : {"WRONG", "ALSO-WRONG"}) {
    auto forged = Get(*uri + "?state=" + state + "&code=x");
    ASSERT_TRUE(forged.has_value()) << forged.error().message;
    EXPECT_EQ(forged->status, 400);
  }
  clock.Advance(kWait);
  auto result = wait.Get();
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kTimeout);
  EXPECT_THAT(result.error().message, AllOf(HasSubstr(*uri), HasSubstr("refused 2 callbacks")));
  EXPECT_EQ(urls->size(), 2u);
  EXPECT_TRUE(CanBind("127.0.0.1", port));
}

TEST(LoopbackRedirectReceiver, OtherPathsAre404AndNeverReachTheHandler) {
  FakeClock clock;
  LoopbackRedirectReceiver receiver(clock);
  auto uri = receiver.Listen(LoopbackRedirect{"127.0.0.1", 0, true, "callback"});
  ASSERT_TRUE(uri.has_value()) << uri.error().message;
  int const port = receiver.port();
  RecordingHandler recording{RedirectPage::Success("ok")};
  BackgroundWait wait(receiver, clock, recording.AsHandler());

  for (std::string const path : {"/?state=good&code=x", "/callback?state=good&code=x",
                                 "/callback/x?state=good&code=x", "/favicon.ico"}) {
    auto other = Get(Origin("127.0.0.1", port) + path);
    ASSERT_TRUE(other.has_value()) << other.error().message;
    EXPECT_EQ(other->status, 404) << path;
  }
  EXPECT_TRUE(recording.urls->empty());
  ASSERT_TRUE(Get(*uri + "?state=good&code=y").has_value());
  auto result = wait.Get();
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(*result, *uri + "?state=good&code=y");
}

TEST(LoopbackRedirectReceiver, HeaderDeadlineClosesADribblerAndTheWaitGoesOn) {
  FakeClock clock;
  LoopbackRedirectReceiverOptions options;
  options.header_timeout = std::chrono::seconds(2);
  LoopbackRedirectReceiver receiver(clock, options);
  auto uri = receiver.Listen(LoopbackRedirect{"127.0.0.1", 0, true, ""});
  ASSERT_TRUE(uri.has_value()) << uri.error().message;
  int const port = receiver.port();
  auto slow = Connect(port);
  SendText(slow, "GET /?state=good&code=slow HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  RecordingHandler recording{RedirectPage::Success("ok")};
  BackgroundWait wait(receiver, clock, recording.AsHandler());
  // Connections are accepted in the order they arrived: once a later one has been answered,
  // the slow one is held, with its deadline counted from before this point.
  auto probe = Get(Origin("127.0.0.1", port) + "/favicon.ico");
  ASSERT_TRUE(probe.has_value()) << probe.error().message;
  EXPECT_EQ(probe->status, 404);

  clock.Advance(options.header_timeout);
  // Closed without an answer; its half request never reached the handler.
  EXPECT_EQ(ReadUntilClosed(slow), "");
  EXPECT_TRUE(recording.urls->empty());
  ExpectCallbackTaken(wait, *uri + "?state=good&code=fast");
}

TEST(LoopbackRedirectReceiver, AtTheConnectionCapTheOldestGoesNotTheBrowser) {
  FakeClock clock;
  LoopbackRedirectReceiverOptions options;
  options.max_connections = 4;
  LoopbackRedirectReceiver receiver(clock, options);
  auto uri = receiver.Listen(LoopbackRedirect{"127.0.0.1", 0, true, ""});
  ASSERT_TRUE(uri.has_value()) << uri.error().message;
  int const port = receiver.port();
  std::vector<Poco::Net::StreamSocket> idle;
  for (int i = 0; i < 4; ++i) idle.push_back(Connect(port));
  RecordingHandler recording{RedirectPage::Success("ok")};
  BackgroundWait wait(receiver, clock, recording.AsHandler());

  auto page = Get(*uri + "?state=s&code=capped");
  ASSERT_TRUE(page.has_value()) << page.error().message;
  EXPECT_EQ(page->status, 200);
  // The oldest idle connection made room for the browser.
  EXPECT_EQ(ReadUntilClosed(idle.front()), "");
  auto result = wait.Get();
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(*result, *uri + "?state=s&code=capped");
}

TEST(LoopbackRedirectReceiver, OversizedRequestHeadGets431AndTheWaitGoesOn) {
  FakeClock clock;
  LoopbackRedirectReceiverOptions options;
  options.max_request_head = 1024;
  LoopbackRedirectReceiver receiver(clock, options);
  auto uri = receiver.Listen(LoopbackRedirect{"127.0.0.1", 0, true, ""});
  ASSERT_TRUE(uri.has_value()) << uri.error().message;
  RecordingHandler recording{RedirectPage::Success("ok")};
  BackgroundWait wait(receiver, clock, recording.AsHandler());

  auto big = Connect(receiver.port());
  SendText(big, "GET /?state=s&code=big HTTP/1.1\r\nX-Big: " + std::string(2000, 'a'));
  EXPECT_THAT(ReadUntilClosed(big), StartsWith("HTTP/1.1 431"));
  EXPECT_TRUE(recording.urls->empty());
  ASSERT_TRUE(Get(*uri + "?state=s&code=small").has_value());
  auto result = wait.Get();
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(*result, *uri + "?state=s&code=small");
}

TEST(LoopbackRedirectReceiver, ReturnsAtOnceAfterTheCallbackAndThePortCanBeBoundAgain) {
  FakeClock clock;
  LoopbackRedirectReceiver receiver(clock);
  auto uri = receiver.Listen(LoopbackRedirect{"127.0.0.1", 0, true, ""});
  ASSERT_TRUE(uri.has_value()) << uri.error().message;
  int const port = receiver.port();
  auto idle = Connect(port);  // a spare browser connection, still open at the callback
  auto raw = Connect(port);
  RecordingHandler recording{RedirectPage::Success("ok")};
  BackgroundWait wait(receiver, clock, recording.AsHandler());

  // The whole reply arrives and the connection is closed by the receiver: nothing waits for
  // the other connections or for a thread to stop.
  SendText(raw, "GET /?state=s&code=4/0Araw HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  auto const reply = ReadUntilClosed(raw);
  EXPECT_THAT(reply, AllOf(StartsWith("HTTP/1.1 200"), HasSubstr("Sign-in complete"),
                           HasSubstr("</html>")));
  auto result = wait.Get();
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(*result, *uri + "?state=s&code=4/0Araw");
  EXPECT_EQ(ReadUntilClosed(idle), "");
  receiver.Close();  // a second release is harmless
  EXPECT_EQ(receiver.port(), 0);
  // Bound again, on the very port, by the next sign-in.
  auto again = receiver.Listen(LoopbackRedirect{"127.0.0.1", port, true, ""});
  ASSERT_TRUE(again.has_value()) << again.error().message;
  EXPECT_EQ(receiver.port(), port);
}

TEST(LoopbackRedirectReceiver, OtherMethodsOnTheRedirectPathAreRefused) {
  FakeClock clock;
  LoopbackRedirectReceiver receiver(clock);
  auto uri = receiver.Listen(LoopbackRedirect{"127.0.0.1", 0, true, ""});
  ASSERT_TRUE(uri.has_value()) << uri.error().message;
  RecordingHandler recording{RedirectPage::Success("ok")};
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
  RecordingHandler recording{RedirectPage::Success("ok")};
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
                                           return RedirectPage::Success("");
                                         },
                                         nullptr);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kTimeout);
  EXPECT_EQ(calls, 0);
  EXPECT_TRUE(CanBind("127.0.0.1", port));
}

// The fake clock never moves here: only the cancellation can end the wait, from another
// thread as a signal handler or a scripted browser would, and the port is released.
TEST(LoopbackRedirectReceiver, CancellationEndsTheWaitBeforeItsDeadline) {
  FakeClock clock;
  LoopbackRedirectReceiver receiver(clock);
  auto uri = receiver.Listen(LoopbackRedirect{"127.0.0.1", 0, true, ""});
  ASSERT_TRUE(uri.has_value()) << uri.error().message;
  int const port = receiver.port();
  CancellationToken cancel;
  auto wait = std::async(std::launch::async, [&] {
    return receiver.WaitForRedirect(
        clock.Now() + kWait, [](std::string_view) { return RedirectPage::Success(""); },
        &cancel);
  });
  cancel.Cancel();
  auto result = wait.get();
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kCancelled);
  EXPECT_THAT(result.error().message, HasSubstr(*uri));
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
  RecordingHandler recording{RedirectPage::Success("ok")};
  BackgroundWait wait(receiver, clock, recording.AsHandler());

  ExpectCallbackTaken(wait, *uri + "?code=4/0Aidle");
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
  // 127.0.0.2 is loopback, but the redirect_uri could not name it (redirect_mode.h): the
  // listener takes exactly the hosts the redirect_uri does.
  for (std::string host : {"0.0.0.0", "192.168.1.10", "example.com", "[::]", "::", "", "[fe80::1]",
                           "localhost.example.com", "127.0.0.2", "[::ffff:127.0.0.1]"}) {
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
                                         [](std::string_view) { return RedirectPage::Success(""); },
                                         nullptr);
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
    RecordingHandler recording{RedirectPage::Success("ok")};
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
  RecordingHandler recording{RedirectPage::Success("ok")};
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
    RecordingHandler recording{RedirectPage::Success("ok")};
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

  RecordingHandler recording{RedirectPage::Success("ok")};
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
