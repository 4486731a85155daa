#include "gauthflow/poco/loopback_redirect_receiver.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/PollSet.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Timespan.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
#include <utility>
#include <vector>

#include "gauthflow/html_escape.h"

namespace gauthflow {
namespace {

using Poco::Net::HTTPResponse;

// Enough for the browser to queue its redirect behind a burst of other connections while the
// loop is busy; the loop accepts them all at once.
constexpr int kBacklog = 64;
// Attempts at finding an ephemeral port that is free on both 127.0.0.1 and ::1 ("localhost").
constexpr int kDualStackAttempts = 8;
// Connections accepted per loop turn and listening socket, so that a flood of connects cannot
// keep the loop from reading the ones it holds.
constexpr int kAcceptsPerTurn = 16;
constexpr std::size_t kReadChunk = 4096;

bool IsAddressInUse(Poco::Exception const& e) { return e.code() == EADDRINUSE; }

bool IsFamilyUnavailable(Poco::Exception const& e) {
  return e.code() == EADDRNOTAVAIL || e.code() == EAFNOSUPPORT || e.code() == EPROTONOSUPPORT;
}

// Binds and listens. Never SO_REUSEPORT: that would let two listeners share the port and a
// browser's redirect reach the other one. SO_REUSEADDR only lets a fixed port be reused while
// old connections linger in TIME_WAIT; it does not allow a second listener on Linux.
Poco::Net::ServerSocket BindLoopback(Poco::Net::IPAddress const& address, int port) {
  Poco::Net::ServerSocket socket;
  Poco::Net::SocketAddress const where(address, static_cast<Poco::UInt16>(port));
  if (address.family() == Poco::Net::IPAddress::IPv6) {
    socket.bind6(where, /*reuseAddress=*/true, /*reusePort=*/false, /*ipV6Only=*/true);
  } else {
    socket.bind(where, /*reuseAddress=*/true, /*reusePort=*/false);
  }
  socket.listen(kBacklog);
  return socket;
}

std::string Describe(Poco::Net::IPAddress const& address, int port) {
  return address.family() == Poco::Net::IPAddress::IPv6
             ? "[" + address.toString() + "]:" + std::to_string(port)
             : address.toString() + ":" + std::to_string(port);
}

// ---- Requests and replies: pure, no I/O. ----

// Where the request head (request line and header fields) ends in `input`, i.e. the offset
// just past the empty line; nullopt while it is incomplete. A bare LF is accepted as a line
// terminator (RFC 9112 §2.2).
std::optional<std::size_t> EndOfHead(std::string_view input) {
  auto const crlf = input.find("\r\n\r\n");
  auto const lf = input.find("\n\n");
  if (crlf == std::string_view::npos && lf == std::string_view::npos) return std::nullopt;
  if (lf == std::string_view::npos || (crlf != std::string_view::npos && crlf < lf)) {
    return crlf + 4;
  }
  return lf + 2;
}

struct RequestLine {
  std::string method;
  std::string path;   // the request target up to '?'
  std::string query;  // after '?', possibly empty
};

// The request line "METHOD SP request-target SP HTTP-version" (RFC 9112 §3). Only it matters:
// the listener answers by method and target alone, so the header fields are not parsed (they
// are bounded in size with the rest of the head).
std::optional<RequestLine> ParseRequestLine(std::string_view head) {
  auto line = head.substr(0, head.find('\n'));
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  auto const first = line.find(' ');
  if (first == std::string_view::npos || first == 0) return std::nullopt;
  auto const second = line.find(' ', first + 1);
  if (second == std::string_view::npos || second == first + 1) return std::nullopt;
  auto const target = line.substr(first + 1, second - first - 1);
  if (line.substr(second + 1).substr(0, 5) != "HTTP/" || target.front() != '/') {
    return std::nullopt;
  }
  RequestLine request;
  request.method = std::string(line.substr(0, first));
  auto const question = target.find('?');
  request.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) request.query = std::string(target.substr(question + 1));
  return request;
}

struct Reply {
  HTTPResponse::HTTPStatus status = HTTPResponse::HTTP_OK;
  std::string title;
  bool success = false;
  std::string message;
  bool allow_get = false;  // 405 names the one method served
};

std::string RenderPage(std::string const& brand, Reply const& reply) {
  std::string const color = reply.success ? "#1e8e3e" : "#d93025";
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>" + HtmlEscape(brand) + ": " + reply.title + "</title>"
         "<style>body{font-family:system-ui,sans-serif;background:#f8f9fa;margin:0}"
         "main{max-width:32rem;margin:4rem auto;padding:2rem;background:#fff;"
         "border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.2)}"
         "h1{font-size:1.4rem;color:" + color + "}p{color:#3c4043;line-height:1.5}</style>"
         "</head><body><main><h1>" + reply.title + "</h1><p>" + HtmlEscape(reply.message) +
         "</p>" +
         // A success message says what to do next itself (FlowOptions::success_message).
         (reply.success ? std::string()
                        : "<p>You can close this window and return to " + HtmlEscape(brand) +
                              ".</p>") +
         "</main></body></html>\n";
}

// The bytes on the wire: status line and headers written by Poco, then the page. Every reply
// closes its connection (no keep-alive: one request per connection is all a redirect needs).
std::string Serialize(std::string const& brand, Reply const& reply) {
  std::string const body = RenderPage(brand, reply);
  HTTPResponse response(Poco::Net::HTTPMessage::HTTP_1_1, reply.status);
  response.setKeepAlive(false);
  response.setContentType("text/html; charset=utf-8");
  response.setContentLength64(static_cast<Poco::Int64>(body.size()));
  // The page answers a URL that holds an authorization code: keep it out of caches and out of
  // any Referer header a later navigation might send.
  response.set("Cache-Control", "no-store");
  response.set("Referrer-Policy", "no-referrer");
  response.set("X-Content-Type-Options", "nosniff");
  if (reply.allow_get) response.set("Allow", "GET");
  std::ostringstream out;
  response.write(out);
  return out.str() + body;
}

Reply Failure(HTTPResponse::HTTPStatus status, std::string message) {
  return Reply{status, "Sign-in failed", false, std::move(message), false};
}

// ---- The event loop's connections. ----

enum class Phase {
  kReading,   // until the request head is complete, its size bound or its deadline
  kWriting,   // the reply, as fast as the peer takes it
  kDraining,  // reply sent and our side shut down: read and discard until the peer closes,
              // so that unread bytes (e.g. a POST body) do not turn our close into a reset
};

struct Connection {
  Poco::Net::StreamSocket socket;
  std::uint64_t sequence = 0;  // accept order: the lowest is the oldest
  Clock::time_point deadline;  // for the current phase
  Phase phase = Phase::kReading;
  std::string input;
  std::string output;
  std::size_t sent = 0;
  bool carries_the_response = false;  // its request was accepted by the handler
};

}  // namespace

struct LoopbackRedirectReceiver::Impl {
  Clock& clock;
  LoopbackRedirectReceiverOptions options;
  // Set by Listen, cleared by Close.
  std::vector<Poco::Net::ServerSocket> sockets;
  std::string redirect_uri;
  std::string path;
  int port = 0;

  Impl(Clock& c, LoopbackRedirectReceiverOptions o) : clock(c), options(std::move(o)) {}

  void CloseAll() {
    for (auto& socket : sockets) {
      try {
        socket.close();
      } catch (...) {
      }
    }
    sockets.clear();
    redirect_uri.clear();
    path.clear();
    port = 0;
  }

  Result<std::string> Serve(Clock::time_point deadline, RedirectHandler const& handler,
                            CancellationToken const* cancel);
};

namespace {

// One WaitForRedirect: the listening sockets and every connection in one poll loop on the
// caller's thread. Nothing blocks but the poll, so a connection that dribbles or idles costs a
// slot and some memory, never another connection's turn.
class EventLoop {
 public:
  EventLoop(Clock& clock, LoopbackRedirectReceiverOptions const& options,
            std::vector<Poco::Net::ServerSocket>& listeners, std::string const& path,
            std::string const& redirect_uri, RedirectHandler const& handler)
      : clock_(clock),
        options_(options),
        listeners_(listeners),
        path_(path),
        redirect_uri_(redirect_uri),
        handler_(handler) {
    for (auto& listener : listeners_) {
      listener.setBlocking(false);
      poll_.add(listener, Poco::Net::PollSet::POLL_READ);
    }
  }
  EventLoop(EventLoop const&) = delete;
  EventLoop& operator=(EventLoop const&) = delete;

  ~EventLoop() {
    for (auto& [fd, connection] : connections_) {
      (void)fd;
      CloseSocket(connection.socket);
    }
  }

  int refused() const { return refused_; }
  bool cancelled() const { return cancelled_; }

  // The accepted callback's URL once its reply is sent (or its connection failed: the flow has
  // the code all the same); nullopt at `deadline` or once `cancel` is cancelled (see
  // cancelled()).
  std::optional<std::string> Run(Clock::time_point deadline, CancellationToken const* cancel) {
    for (;;) {
      auto const now = clock_.Now();
      ExpireConnections(now);
      if (accepted_url_ && !HasConnectionCarryingTheResponse()) return accepted_url_;
      // Once the response is being answered, let it finish even past the deadline: the user
      // has already signed in.
      if (!accepted_url_ && now >= deadline) return std::nullopt;
      // The poll wakes at least every poll_interval, so a cancellation is seen within one.
      if (!accepted_url_ && IsCancelled(cancel)) {
        cancelled_ = true;
        return std::nullopt;
      }
      Poco::Net::PollSet::SocketModeMap ready;
      try {
        ready = poll_.poll(WaitBefore(now, deadline));
      } catch (Poco::Exception const& e) {
        if (e.code() == EINTR) continue;  // a signal with a handler: look at the clock again
        throw;
      }
      for (auto const& [socket, mode] : ready) {
        auto const it = connections_.find(socket.impl()->sockfd());
        if (it != connections_.end()) Service(it, mode);
      }
      // Accepting after servicing: a descriptor closed above and reused by a new connection
      // cannot receive the old one's events.
      for (auto& listener : listeners_) {
        if (ready.count(listener) != 0) AcceptFrom(listener);
      }
    }
  }

 private:
  using Connections = std::map<poco_socket_t, Connection>;

  static void CloseSocket(Poco::Net::StreamSocket& socket) {
    try {
      socket.close();
    } catch (...) {
    }
  }

  void Drop(Connections::iterator it) {
    try {
      poll_.remove(it->second.socket);
    } catch (...) {
    }
    CloseSocket(it->second.socket);
    connections_.erase(it);
  }

  bool HasConnectionCarryingTheResponse() const {
    return std::any_of(connections_.begin(), connections_.end(),
                       [](auto const& entry) { return entry.second.carries_the_response; });
  }

  void ExpireConnections(Clock::time_point now) {
    for (auto it = connections_.begin(); it != connections_.end();) {
      auto const next = std::next(it);
      if (now >= it->second.deadline) Drop(it);
      it = next;
    }
  }

  // Real time to wait in the poll: until the nearest deadline by the clock, at most the poll
  // interval, so that a clock that is not the wall clock (tests) is re-read often.
  Poco::Timespan WaitBefore(Clock::time_point now, Clock::time_point deadline) const {
    auto next = deadline;
    for (auto const& [fd, connection] : connections_) {
      (void)fd;
      next = std::min(next, connection.deadline);
    }
    auto wait = std::chrono::duration_cast<std::chrono::microseconds>(next - now);
    wait = std::clamp<std::chrono::microseconds>(wait, std::chrono::microseconds(0),
                                                 options_.poll_interval);
    return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(wait.count()));
  }

  void AcceptFrom(Poco::Net::ServerSocket& listener) {
    for (int i = 0; i < kAcceptsPerTurn; ++i) {
      // The poll said the first one is there; ask before each further one rather than let the
      // accept fail with EAGAIN, which Poco throws: in a sign-in that is the process's only
      // exception, and the first exception a process throws is costly (the unwinder searches
      // every loaded object for its frame tables).
      Poco::Net::StreamSocket socket;
      try {
        if (i > 0 && !listener.poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_READ)) return;
        socket = listener.acceptConnection();
        socket.setBlocking(false);
      } catch (Poco::Exception const&) {
        return;  // nothing (more) pending, or the peer already went away
      }
      // Holding idle connections must never refuse the browser: at the cap, the oldest
      // connection goes (a browser's own request is read the moment it arrives).
      while (static_cast<int>(connections_.size()) >= std::max(1, options_.max_connections)) {
        if (!DropOldest()) break;
      }
      Connection connection;
      connection.socket = socket;
      connection.sequence = next_sequence_++;
      connection.deadline = clock_.Now() + options_.header_timeout;
      poll_.add(socket, Poco::Net::PollSet::POLL_READ);
      connections_.emplace(socket.impl()->sockfd(), std::move(connection));
    }
  }

  bool DropOldest() {
    auto oldest = connections_.end();
    for (auto it = connections_.begin(); it != connections_.end(); ++it) {
      if (it->second.carries_the_response) continue;
      if (oldest == connections_.end() || it->second.sequence < oldest->second.sequence) {
        oldest = it;
      }
    }
    if (oldest == connections_.end()) return false;
    Drop(oldest);
    return true;
  }

  void Service(Connections::iterator it, int mode) {
    Connection& connection = it->second;
    try {
      if (connection.phase == Phase::kWriting) {
        if ((mode & Poco::Net::PollSet::POLL_ERROR) != 0 && connection.sent == 0) {
          return Drop(it);
        }
        return Write(it);
      }
      if ((mode & (Poco::Net::PollSet::POLL_READ | Poco::Net::PollSet::POLL_ERROR)) != 0) {
        Read(it);
      }
    } catch (Poco::Exception const&) {
      Drop(it);  // reset by the peer, or any other socket failure: only this connection
    }
  }

  void Read(Connections::iterator it) {
    Connection& connection = it->second;
    char buffer[kReadChunk];
    int const n = connection.socket.receiveBytes(buffer, static_cast<int>(sizeof buffer));
    if (n < 0) return;  // spurious wake-up
    if (n == 0) return Drop(it);  // the peer closed
    if (connection.phase == Phase::kDraining) return;
    connection.input.append(buffer, static_cast<std::size_t>(n));
    auto const end = EndOfHead(connection.input);
    if (!end || *end > options_.max_request_head) {
      // Every input has a size bound: a head that does not fit is refused.
      if (connection.input.size() > options_.max_request_head) {
        Respond(it, Failure(HTTPResponse::HTTP_REQUEST_HEADER_FIELDS_TOO_LARGE,
                            "The request is larger than this listener accepts."));
      }
      return;
    }
    auto const request = ParseRequestLine(std::string_view(connection.input).substr(0, *end));
    connection.input.clear();
    Respond(it, Answer(request, connection));
  }

  Reply Answer(std::optional<RequestLine> const& request, Connection& connection) {
    if (!request) {
      return Failure(HTTPResponse::HTTP_BAD_REQUEST, "This is not an HTTP request.");
    }
    if (request->path != path_) {
      return Failure(HTTPResponse::HTTP_NOT_FOUND, "Nothing is served here.");
    }
    if (request->method != "GET") {
      Reply reply = Failure(HTTPResponse::HTTP_METHOD_NOT_ALLOWED,
                            "The authorization response must arrive as a GET request.");
      reply.allow_get = true;
      return reply;
    }
    if (request->query.empty()) {
      return Failure(HTTPResponse::HTTP_BAD_REQUEST,
                     "This request carries no authorization response (no code or error).");
    }
    if (accepted_url_) {
      return Failure(HTTPResponse::HTTP_CONFLICT,
                     "This sign-in is no longer waiting for a response.");
    }
    std::string url = redirect_uri_ + "?" + request->query;
    RedirectPage page;
    try {
      page = handler_(url);
    } catch (std::exception const&) {
      page = RedirectPage::Failure("The application failed to process the response.");
    }
    if (page.verdict == RedirectPage::Verdict::kRejectAndKeepWaiting) {
      ++refused_;
      return Reply{HTTPResponse::HTTP_BAD_REQUEST, "Response refused", false,
                   std::move(page.message), false};
    }
    accepted_url_ = std::move(url);
    connection.carries_the_response = true;
    return Reply{HTTPResponse::HTTP_OK, page.success ? "Sign-in complete" : "Sign-in failed",
                 page.success, std::move(page.message), false};
  }

  void Respond(Connections::iterator it, Reply const& reply) {
    Connection& connection = it->second;
    connection.output = Serialize(options_.brand, reply);
    connection.sent = 0;
    connection.phase = Phase::kWriting;
    connection.deadline = clock_.Now() + options_.header_timeout;
    poll_.update(connection.socket, Poco::Net::PollSet::POLL_WRITE);
    Write(it);
  }

  void Write(Connections::iterator it) {
    Connection& connection = it->second;
    while (connection.sent < connection.output.size()) {
      int const n = connection.socket.sendBytes(
          connection.output.data() + connection.sent,
          static_cast<int>(connection.output.size() - connection.sent), MSG_NOSIGNAL);
      if (n <= 0) return;  // the peer's window is full: wait for POLL_WRITE
      connection.sent += static_cast<std::size_t>(n);
    }
    connection.socket.shutdownSend();
    if (connection.carries_the_response) return Drop(it);
    connection.output.clear();
    connection.phase = Phase::kDraining;
    poll_.update(connection.socket, Poco::Net::PollSet::POLL_READ);
  }

  Clock& clock_;
  LoopbackRedirectReceiverOptions const& options_;
  std::vector<Poco::Net::ServerSocket>& listeners_;
  std::string const& path_;
  std::string const& redirect_uri_;
  RedirectHandler const& handler_;
  Poco::Net::PollSet poll_;
  Connections connections_;
  std::uint64_t next_sequence_ = 0;
  int refused_ = 0;
  bool cancelled_ = false;
  std::optional<std::string> accepted_url_;
};

}  // namespace

LoopbackRedirectReceiver::LoopbackRedirectReceiver(Clock& clock,
                                                   LoopbackRedirectReceiverOptions options)
    : impl_(std::make_unique<Impl>(clock, std::move(options))) {}

LoopbackRedirectReceiver::~LoopbackRedirectReceiver() { impl_->CloseAll(); }

void LoopbackRedirectReceiver::Close() { impl_->CloseAll(); }

int LoopbackRedirectReceiver::port() const { return impl_->port; }

Result<std::string> LoopbackRedirectReceiver::Listen(LoopbackRedirect const& mode) {
  if (!impl_->sockets.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "already listening for the redirect on " + impl_->redirect_uri +
                         "; Close() it first");
  }
  // The one loopback-redirect validation (redirect_mode.h), before anything is bound.
  auto endpoint = ValidateLoopbackRedirect(mode);
  if (!endpoint) return tl::unexpected(endpoint.error());
  std::vector<Poco::Net::IPAddress> addresses;
  for (auto const& literal : endpoint->bind_addresses) {
    addresses.emplace_back(literal);
  }

  auto const in_use = [&](std::string const& where) {
    return MakeError(ErrorCode::kPortInUse,
                     "cannot listen for the redirect on " + where +
                         ": the port is already in use by another program; choose another "
                         "port, or port 0 for any free one");
  };
  // With port 0 and two families, the port the kernel picks on 127.0.0.1 may be taken on ::1:
  // pick again rather than fail.
  int const attempts = mode.port == 0 && addresses.size() > 1 ? kDualStackAttempts : 1;
  for (int attempt = 0; attempt < attempts; ++attempt) {
    std::vector<Poco::Net::ServerSocket> sockets;
    int port = mode.port;
    bool retry = false;
    for (std::size_t i = 0; i < addresses.size(); ++i) {
      auto const& address = addresses[i];
      bool const optional = i > 0 && endpoint->later_addresses_optional;
      try {
        sockets.push_back(BindLoopback(address, port));
        port = sockets.back().address().port();
      } catch (Poco::Exception const& e) {
        if (optional && IsFamilyUnavailable(e)) {
          // No IPv6 loopback here, so no browser can reach localhost over it either: serve
          // 127.0.0.1 alone.
          break;
        }
        for (auto& socket : sockets) socket.close();
        if (IsAddressInUse(e)) {
          if (optional && mode.port == 0) {
            retry = true;
            break;
          }
          return in_use(Describe(address, port));
        }
        return MakeError(ErrorCode::kBindFailed, "cannot listen for the redirect on " +
                                                     Describe(address, port) + ": " +
                                                     e.displayText());
      }
    }
    if (retry) continue;
    // One spelling of the URI for the whole library (redirect_mode.h), so that what is sent to
    // Google is byte for byte what the flow later compares against.
    auto uri = LoopbackRedirectUri(mode, port);
    if (!uri) {
      for (auto& socket : sockets) socket.close();
      return tl::unexpected(uri.error());
    }
    impl_->sockets = std::move(sockets);
    impl_->port = port;
    impl_->path = endpoint->request_path;
    impl_->redirect_uri = *std::move(uri);
    return impl_->redirect_uri;
  }
  return in_use("localhost (127.0.0.1 and [::1]) after " + std::to_string(attempts) +
                " ephemeral ports");
}

Result<std::string> LoopbackRedirectReceiver::WaitForRedirect(Clock::time_point deadline,
                                                              RedirectHandler const& handler,
                                                              CancellationToken const* cancel) {
  if (impl_->sockets.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "WaitForRedirect needs a successful Listen first (the port is released "
                     "after every wait)");
  }
  return impl_->Serve(deadline, handler, cancel);
}

Result<std::string> LoopbackRedirectReceiver::Impl::Serve(Clock::time_point deadline,
                                                          RedirectHandler const& handler,
                                                          CancellationToken const* cancel) {
  std::string const uri = redirect_uri;
  std::optional<std::string> url;
  int refused = 0;
  bool cancelled = false;
  try {
    EventLoop loop(clock, options, sockets, path, uri, handler);
    url = loop.Run(deadline, cancel);
    refused = loop.refused();
    cancelled = loop.cancelled();
  } catch (Poco::Exception const& e) {
    // The poll itself failed (not one connection: those are dropped one by one).
    CloseAll();
    return MakeError(ErrorCode::kBindFailed,
                     "cannot serve the redirect on " + uri + ": " + e.displayText());
  }
  // RFC 8252 §8.3: listen only while waiting for the response. Closing is immediate: there is
  // no thread to join.
  CloseAll();
  if (url) return *std::move(url);
  if (cancelled) return tl::unexpected(CancelledError("the authorization response at " + uri));
  std::string message = "no authorization response reached " + uri +
                        " before the deadline; sign-in was not completed in the browser";
  if (refused > 0) {
    message += "; refused " + std::to_string(refused) +
               (refused == 1 ? " callback" : " callbacks") + " the application did not accept";
  }
  return MakeError(ErrorCode::kTimeout, std::move(message));
}

}  // namespace gauthflow
