#include "http/serving_loop.h"

#include <cerrno>
#include <limits>
#include <system_error>

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http/response_writer.h"

namespace gauthflow::mockserver::http {
namespace {

constexpr std::uint64_t kWakeTag = std::numeric_limits<std::uint64_t>::max();
constexpr std::uint64_t kListenTag = kWakeTag - 1;
constexpr std::uint64_t kAcceptRetryTimer = 0;  // connection ids start at 1
constexpr std::size_t kReadChunk = 16 * 1024;
constexpr int kMaxEvents = 256;
// New connections taken per wake-up: small, so that the loops, all waiting on the one listening
// socket, share a burst of connections instead of the first awake one taking them all.
constexpr int kAcceptsPerWake = 4;
// Connections accepted beyond max_connections only to be told so (503, then close); beyond this
// many more, they are closed at once.
constexpr int kOverLimitAllowance = 1024;
constexpr std::chrono::milliseconds kAcceptRetry{100};

std::string Milliseconds(std::chrono::milliseconds ms) { return std::to_string(ms.count()) + " ms"; }

}  // namespace

ServingLoop::ServingLoop(SharedServing& shared) : shared_(shared), scratch_(kReadChunk) {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (epoll_fd_ < 0 || wake_fd_ < 0) {
    if (epoll_fd_ >= 0) ::close(epoll_fd_);
    if (wake_fd_ >= 0) ::close(wake_fd_);
    throw std::system_error(errno, std::generic_category(), "epoll/eventfd");
  }
  epoll_event wake{};
  wake.events = EPOLLIN;
  wake.data.u64 = kWakeTag;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &wake);
  epoll_event listen{};
  listen.events = EPOLLIN | EPOLLEXCLUSIVE;
  listen.data.u64 = kListenTag;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, shared_.listen_fd, &listen) != 0) {
    int error = errno;
    ::close(epoll_fd_);
    ::close(wake_fd_);
    throw std::system_error(error, std::generic_category(), "epoll_ctl(listen)");
  }
  now_ = SteadyClock::now();
}

ServingLoop::~ServingLoop() {
  for (auto& [id, connection] : connections_) Close(*connection);
  ::close(epoll_fd_);
  ::close(wake_fd_);
}

void ServingLoop::Stop() {
  stopping_ = true;
  std::uint64_t one = 1;
  [[maybe_unused]] auto written = ::write(wake_fd_, &one, sizeof(one));
}

void ServingLoop::Run() {
  epoll_event events[kMaxEvents];
  while (!stopping_) {
    int count = ::epoll_wait(epoll_fd_, events, kMaxEvents, NextTimeoutMs());
    now_ = SteadyClock::now();
    for (int i = 0; i < count && !stopping_; ++i) {
      std::uint64_t tag = events[i].data.u64;
      if (tag == kWakeTag) {
        std::uint64_t value = 0;
        [[maybe_unused]] auto got = ::read(wake_fd_, &value, sizeof(value));
      } else if (tag == kListenTag) {
        Accept();
      } else if (auto it = connections_.find(tag); it != connections_.end()) {
        Connection& c = *it->second;
        c.input_drained = false;
        if ((events[i].events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0) c.peer_hung_up = true;
        Drive(c);
      }
    }
    RunTimers();
    for (std::uint64_t id : closed_) connections_.erase(id);
    closed_.clear();
  }
  for (auto& [id, connection] : connections_) {
    // Bytes the client sent that were not read yet would turn close() into an RST: read them
    // first, so that every client sees an orderly end (a bounded, non-blocking read).
    if (connection->state != State::kClosed) {
      connection->transport->Read(scratch_.data(), scratch_.size());
    }
    Close(*connection);
  }
  connections_.clear();
  closed_.clear();
}

int ServingLoop::NextTimeoutMs() const {
  if (timers_.empty()) return -1;
  auto wait = timers_.begin()->first - SteadyClock::now();
  if (wait <= SteadyClock::duration::zero()) return 0;
  // Rounded up: waking before the deadline would only make another round.
  auto ms = std::chrono::ceil<std::chrono::milliseconds>(wait).count();
  return static_cast<int>(std::min<decltype(ms)>(ms, std::numeric_limits<int>::max()));
}

void ServingLoop::Accept() {
  for (int i = 0; i < kAcceptsPerWake && listening_; ++i) {
    int fd = ::accept4(shared_.listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
      Admit(fd);
      continue;
    }
    if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO) continue;
    if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
      // Out of descriptors: the listening socket would report readiness at once forever.
      // Stop watching it for a moment; the connections wait in the backlog meanwhile.
      ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, shared_.listen_fd, nullptr);
      listening_ = false;
      timers_.emplace(now_ + kAcceptRetry, kAcceptRetryTimer);
    }
    return;
  }
}

void ServingLoop::Admit(int fd) {
  bool over_limit = false;
  if (shared_.connections.fetch_add(1) >= shared_.options.max_connections) {
    shared_.connections.fetch_sub(1);
    if (shared_.over_limit.fetch_add(1) >= kOverLimitAllowance) {
      shared_.over_limit.fetch_sub(1);
      ::close(fd);
      return;
    }
    over_limit = true;
  }
  // Answers are small and written whole: Nagle's algorithm would only delay them.
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  std::unique_ptr<Transport> transport =
      shared_.tls != nullptr ? MakeTlsTransport(fd, shared_.tls) : MakePlainTransport(fd);
  std::uint64_t id = next_id_++;
  auto connection =
      std::make_unique<Connection>(id, fd, std::move(transport), shared_.options.parser);
  Connection& c = *connection;
  c.over_limit = over_limit;
  connections_.emplace(id, std::move(connection));
  if (!c.transport) {
    Close(c);
    return;
  }
  epoll_event event{};
  event.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
  event.data.u64 = id;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event) != 0) {
    Close(c);
    return;
  }
  c.state = shared_.tls != nullptr ? State::kHandshake : State::kReading;
  // The header deadline runs from accept: it bounds the TLS handshake and a connection that
  // never sends a byte as well.
  SetDeadline(c, shared_.options.header_timeout);
  Drive(c);
}

void ServingLoop::Drive(Connection& c) {
  for (;;) {
    switch (c.state) {
      case State::kHandshake: {
        IoResult result = c.transport->Handshake();
        if (result.kind == IoResult::Kind::kDone) {
          c.state = State::kReading;
          break;
        }
        if (result.kind != IoResult::Kind::kWouldBlock) Close(c);
        return;
      }
      case State::kReading:
        if (!ReadRequest(c)) return;
        break;
      case State::kWriting:
        if (!Flush(c)) return;
        AfterWrite(c);
        break;
      case State::kLingering:
        DrainLingering(c);
        return;
      case State::kServing:
      case State::kClosed:
        return;
    }
  }
}

// Reads until the socket is drained or a request is complete. True when the state changed.
bool ServingLoop::ReadRequest(Connection& c) {
  if (!c.pending_input.empty()) {
    std::string input = std::move(c.pending_input);
    c.pending_input.clear();
    if (FeedParser(c, input)) return true;
  }
  for (;;) {
    // One system call per request instead of two: the read after an answer (or after part of a
    // request) that could only fail with EAGAIN waits for the next readiness event instead.
    if (c.input_drained) return false;
    IoResult result = c.transport->Read(scratch_.data(), scratch_.size());
    if (result.kind == IoResult::Kind::kWouldBlock) return false;
    if (result.kind != IoResult::Kind::kDone) {
      Close(c);  // the peer closed or failed; an incomplete request has nobody to answer
      return true;
    }
    c.input_drained = result.bytes < scratch_.size() && shared_.tls == nullptr && !c.peer_hung_up;
    if (FeedParser(c, std::string_view(scratch_.data(), result.bytes))) return true;
  }
}

bool ServingLoop::FeedParser(Connection& c, std::string_view data) {
  auto const& options = shared_.options;
  while (!data.empty()) {
    RequestParser::Phase before = c.parser.phase();
    data.remove_prefix(c.parser.Feed(data));
    RequestParser::Phase after = c.parser.phase();
    if (after == RequestParser::Phase::kComplete) {
      c.pending_input.assign(data);
      Dispatch(c, c.parser.Take());
      return true;
    }
    if (before == RequestParser::Phase::kIdle && c.idle) {
      // The first byte of the next request: the header deadline starts now, not per byte, so
      // a client dribbling its headers is cut off all the same.
      c.idle = false;
      SetDeadline(c, options.header_timeout);
    }
    if (before != RequestParser::Phase::kBody && after == RequestParser::Phase::kBody) {
      SetDeadline(c, options.body_timeout);
    }
    if (c.parser.expects_continue() && !c.continue_sent) {
      c.continue_sent = true;
      c.output.append(kContinue);
      Flush(c);  // what does not fit goes out before the answer
      if (c.state == State::kClosed) return true;
    }
  }
  return false;
}

void ServingLoop::Dispatch(Connection& c, HttpRequest request) {
  c.state = State::kServing;
  SetDeadline(c, std::nullopt);
  c.idle = false;
  c.continue_sent = false;
  c.head = request.method == "HEAD";
  c.http10 = request.version_minor == 0;
  if (c.over_limit && !request.rejection) {
    request.rejection = Rejection{
        503, "The server holds its maximum of " + std::to_string(shared_.options.max_connections) +
                 " connections; try again later."};
  }
  c.keep_alive = request.keep_alive && !request.rejection;
  // The route runs here, on the loop (see ServingOptions::loop_threads for why).
  OnResponse(c, shared_.handler.Handle(request));
}

void ServingLoop::OnResponse(Connection& c, HttpResponse response) {
  if (response.delay > std::chrono::milliseconds::zero()) {
    // Held on this loop's timer set: the loop goes on serving everyone else meanwhile.
    auto delay = response.delay;
    response.delay = std::chrono::milliseconds::zero();
    c.delayed = std::move(response);
    SetDeadline(c, delay);
    return;
  }
  QueueResponse(c, response);
}

void ServingLoop::QueueResponse(Connection& c, HttpResponse const& response) {
  if (response.ending == Ending::kReset) {
    Close(c, /*reset=*/true);
    return;
  }
  bool keep_alive = c.keep_alive && response.ending == Ending::kKeepAlive && !stopping_;
  std::size_t start = c.output.size();
  AppendResponse(response, WireOptions{keep_alive, c.http10, c.head, Date()}, c.output);
  if (response.ending == Ending::kTruncate && !c.head) {
    c.output.resize(start + TruncatedSize(response, c.output.size() - start));
  }
  c.close_after_write = !keep_alive;
  c.state = State::kWriting;
}

// Writes what the socket takes. True when everything is out.
bool ServingLoop::Flush(Connection& c) {
  while (c.output_sent < c.output.size()) {
    IoResult result =
        c.transport->Write(c.output.data() + c.output_sent, c.output.size() - c.output_sent);
    if (result.kind == IoResult::Kind::kDone) {
      c.output_sent += result.bytes;
      continue;
    }
    if (result.kind == IoResult::Kind::kWouldBlock) {
      // A peer that does not read: the write deadline runs from the first time it stalls.
      if (c.state == State::kWriting && !c.deadline) SetDeadline(c, shared_.options.write_timeout);
      return false;
    }
    Close(c);
    return false;
  }
  c.output.clear();
  c.output_sent = 0;
  return true;
}

void ServingLoop::AfterWrite(Connection& c) {
  if (c.close_after_write) {
    // A graceful close (RFC 9112 §9.6): FIN first, then read and drop what the client still
    // sends, so that a close with unread data does not turn into an RST that destroys the
    // answer in flight.
    c.transport->ShutdownWrite();
    c.state = State::kLingering;
    c.pending_input.clear();
    SetDeadline(c, shared_.options.linger_timeout);
    return;
  }
  c.state = State::kReading;
  c.idle = true;
  SetDeadline(c, shared_.options.idle_timeout);
}

void ServingLoop::DrainLingering(Connection& c) {
  for (;;) {
    IoResult result = c.transport->Read(scratch_.data(), scratch_.size());
    if (result.kind == IoResult::Kind::kWouldBlock) return;
    if (result.kind != IoResult::Kind::kDone) {
      Close(c);
      return;
    }
  }
}

void ServingLoop::OnDeadline(Connection& c) {
  auto const& options = shared_.options;
  switch (c.state) {
    case State::kReading: {
      RequestParser::Phase phase = c.parser.phase();
      if (phase == RequestParser::Phase::kIdle) {
        Close(c);  // idle keep-alive, or never sent a byte: nothing to answer
        return;
      }
      // Part of a request arrived: say why it is cut off (RFC 9110 §15.5.9), then close.
      HttpRequest partial = c.parser.Take();
      bool body = phase == RequestParser::Phase::kBody;
      partial.rejection = Rejection{
          408, body ? "Request body not complete within " + Milliseconds(options.body_timeout) + "."
                    : "Request headers not complete within " + Milliseconds(options.header_timeout) +
                          "."};
      partial.keep_alive = false;
      c.pending_input.clear();
      Dispatch(c, std::move(partial));
      Drive(c);
      return;
    }
    case State::kServing:
      if (c.delayed) {
        HttpResponse response = std::move(*c.delayed);
        c.delayed.reset();
        QueueResponse(c, response);
        Drive(c);
      }
      return;
    case State::kHandshake:
    case State::kWriting:
    case State::kLingering:
      Close(c);
      return;
    case State::kClosed:
      return;
  }
}

// A timer entry is moved only when the deadline comes before it: an entry that fires early finds
// the connection's deadline later (or gone) and is re-armed for it (or dropped) in RunTimers. So
// a keep-alive request, which moves the deadline three times, touches timers_ rarely instead of
// six times (each a tree node allocated or freed).
void ServingLoop::SetDeadline(Connection& c, std::optional<std::chrono::milliseconds> after) {
  c.deadline.reset();
  if (!after) return;
  c.deadline = now_ + *after;
  if (c.timer && *c.timer <= *c.deadline) return;
  if (c.timer) timers_.erase({*c.timer, c.id});
  c.timer = c.deadline;
  timers_.emplace(*c.timer, c.id);
}

void ServingLoop::RunTimers() {
  now_ = SteadyClock::now();
  while (!timers_.empty() && timers_.begin()->first <= now_) {
    std::uint64_t id = timers_.begin()->second;
    timers_.erase(timers_.begin());
    if (id == kAcceptRetryTimer) {
      epoll_event listen{};
      listen.events = EPOLLIN | EPOLLEXCLUSIVE;
      listen.data.u64 = kListenTag;
      ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, shared_.listen_fd, &listen);
      listening_ = true;
      continue;
    }
    auto it = connections_.find(id);
    if (it == connections_.end()) continue;
    Connection& c = *it->second;
    c.timer.reset();
    if (!c.deadline) continue;
    if (*c.deadline > now_) {
      c.timer = c.deadline;  // fired early: the deadline moved on since the entry was made
      timers_.emplace(*c.timer, c.id);
      continue;
    }
    c.deadline.reset();
    OnDeadline(c);
  }
}

void ServingLoop::Close(Connection& c, bool reset) {
  if (c.state == State::kClosed) return;
  if (reset) {
    // SO_LINGER with a zero timeout: close() sends an RST instead of a FIN.
    linger option{1, 0};
    ::setsockopt(c.fd, SOL_SOCKET, SO_LINGER, &option, sizeof(option));
  }
  SetDeadline(c, std::nullopt);
  if (c.timer) timers_.erase({*c.timer, c.id});
  c.timer.reset();
  c.transport.reset();  // TLS state goes before its descriptor
  ::close(c.fd);
  c.state = State::kClosed;
  c.delayed.reset();
  std::string().swap(c.output);
  std::string().swap(c.pending_input);
  if (c.over_limit) {
    shared_.over_limit.fetch_sub(1);
  } else {
    shared_.connections.fetch_sub(1);
  }
  closed_.push_back(c.id);
}

std::string_view ServingLoop::Date() {
  auto second = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  if (second != date_second_) {
    date_second_ = second;
    date_ = Poco::DateTimeFormatter::format(Poco::Timestamp(), Poco::DateTimeFormat::HTTP_FORMAT);
  }
  return date_;
}

}  // namespace gauthflow::mockserver::http
