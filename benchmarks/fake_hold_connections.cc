// fake_hold_connections: holds N idle and M slowloris TCP connections to a loopback HTTP server
// and, while they are held, sends K fresh requests (each on a new connection, with a deadline),
// reporting their p50/p99 latency and failures, and the server's resident memory per held
// connection. One thread and one epoll set over non-blocking sockets, so that holding 10,000
// connections costs this side file descriptors, not threads. Bounded in count and time.
//
//   fake_hold_connections --url=http://127.0.0.1:PORT --idle=10000 --slowloris=100 
//       --requests=200 --pid=SERVER_PID
//
// Prints one line of key=value pairs (for benchmarks/fake_load.sh) on stdout, progress on
// stderr. Exit status 0 when it ran (whatever the figures), 2 for bad arguments or limits.
//
// Written on raw epoll rather than Poco's PollSet: the tool classifies each failure by the
// system call and errno that reported it (refused/reset, end of stream, deadline), and PollSet
// answers each poll with a std::map of every ready socket.

#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <Poco/Exception.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/URI.h>

#include "load/latency_percentiles.h"
#include "load/process_memory.h"

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr int kMaxHeld = 100'000;
constexpr int kMaxRequests = 100'000;
constexpr std::size_t kMaxAnswerBytes = 1024 * 1024;

struct Options {
  std::string url;
  std::string path = "/.well-known/openid-configuration";
  int idle = 0;
  int slowloris = 0;
  int requests = 100;
  int concurrency = 8;             // fresh requests in flight at once
  milliseconds deadline{2000};     // per fresh request, from connect to the last byte
  milliseconds drip{2000};         // a slowloris connection sends one byte this often
  milliseconds connect_timeout{5000};
  milliseconds settle{1000};       // after opening, before measuring memory and requests
  int connect_parallel = 256;      // held connections being opened at once
  int pid = 0;                     // the server's, for VmRSS; 0: not measured
  milliseconds max_run{300'000};   // the whole run stops by itself after this
};

enum class Role { kIdle, kSlowloris, kProbe };
enum class Phase { kConnecting, kOpen, kDone };
enum class Outcome { kOk, kBadStatus, kTimeout, kReset, kNoAnswer };

struct Connection {
  int fd = -1;
  Role role = Role::kIdle;
  Phase phase = Phase::kConnecting;
  Clock::time_point started;
  Clock::time_point next_drip;
  std::size_t dripped = 0;
  std::size_t sent = 0;       // probe: bytes of the request written
  std::string received;       // probe: the answer so far
};

struct Tally {
  int held_open = 0;
  int connect_failures = 0;
  int held_closed_by_server = 0;
  std::map<Outcome, int> outcomes;
  std::vector<double> latencies_ms;  // every fresh request, failed ones at the time they failed
};

// The bytes a slowloris connection dribbles: a request whose header never ends.
std::string_view SlowlorisBytes(std::size_t at) {
  static constexpr std::string_view kStart =
      "GET /.well-known/openid-configuration HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slowloris: ";
  return at < kStart.size() ? kStart.substr(at, 1) : std::string_view("a");
}

// True when `answer` holds a whole HTTP/1.1 response (RFC 9112 §6.3: Content-Length, or the
// end of the connection, which the probe asks for with Connection: close). Sets `status`.
bool ResponseComplete(std::string const& answer, bool at_end, int& status) {
  std::size_t const head_end = answer.find("\r\n\r\n");
  if (head_end == std::string::npos) return false;
  status = 0;
  if (answer.size() >= 12 && answer.starts_with("HTTP/1.")) {
    std::from_chars(answer.data() + 9, answer.data() + 12, status);
  }
  std::string head = answer.substr(0, head_end);
  std::transform(head.begin(), head.end(), head.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::size_t const length_at = head.find("\r\ncontent-length:");
  if (length_at == std::string::npos) return at_end;
  std::size_t const value_at = head.find_first_not_of(' ', length_at + 17);
  std::size_t length = 0;
  if (value_at == std::string::npos ||
      std::from_chars(head.data() + value_at, head.data() + head.size(), length).ec != std::errc()) {
    return at_end;
  }
  return answer.size() - (head_end + 4) >= length;
}

class ConnectionHolder {
 public:
  ConnectionHolder(Options const& options, Poco::Net::SocketAddress const& address)
      : options_(options), address_(address), epoll_(::epoll_create1(EPOLL_CLOEXEC)) {
    if (epoll_ < 0) throw std::runtime_error(std::string("epoll_create1: ") + std::strerror(errno));
    request_ = "GET " + options.path + " HTTP/1.1\r\nHost: " + address.toString() +
               "\r\nConnection: close\r\n\r\n";
  }
  ~ConnectionHolder() {
    for (Connection& c : connections_) {
      if (c.fd >= 0) ::close(c.fd);
    }
    if (epoll_ >= 0) ::close(epoll_);
  }

  // Opens `count` connections of `role`, at most connect_parallel pending at once.
  void OpenHeld(Role role, int count, Clock::time_point stop) {
    int opened = 0;
    while ((opened < count || connecting_ > 0) && Clock::now() < stop) {
      while (opened < count && connecting_ < options_.connect_parallel) {
        Open(role);
        ++opened;
      }
      Poll(10);
    }
  }

  // Keeps everything held (slowloris dripping) for `duration`.
  void Hold(milliseconds duration, Clock::time_point stop) {
    auto const until = std::min(stop, Clock::now() + duration);
    while (Clock::now() < until) Poll(50);
  }

  // Sends `count` fresh requests, `concurrency` at a time.
  void Probe(int count, Clock::time_point stop) {
    int launched = 0;
    while ((launched < count || probes_in_flight_ > 0) && Clock::now() < stop) {
      while (launched < count && probes_in_flight_ < options_.concurrency) {
        ++probes_in_flight_;
        Open(Role::kProbe);
        ++launched;
      }
      Poll(5);
    }
  }

  Tally const& tally() const { return tally_; }

 private:
  void Open(Role role) {
    Connection c;
    c.role = role;
    c.started = Clock::now();
    c.fd = ::socket(address_.family() == Poco::Net::SocketAddress::IPv6 ? AF_INET6 : AF_INET,
                    SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    std::size_t const index = connections_.size();
    connections_.push_back(c);
    if (c.fd < 0) {
      Finish(index, Outcome::kReset, errno);
      return;
    }
    ++connecting_;
    if (::connect(c.fd, address_.addr(), address_.length()) != 0 && errno != EINPROGRESS) {
      Finish(index, Outcome::kReset, errno);
      return;
    }
    Watch(index, EPOLL_CTL_ADD, EPOLLOUT);
  }

  void Watch(std::size_t index, int op, std::uint32_t events) {
    epoll_event event{};
    event.events = events | EPOLLRDHUP;
    event.data.u64 = index;
    ::epoll_ctl(epoll_, op, connections_[index].fd, &event);
  }

  void Poll(int timeout_ms) {
    epoll_event events[512];
    int const ready = ::epoll_wait(epoll_, events, 512, timeout_ms);
    for (int i = 0; i < ready; ++i) {
      std::size_t const index = events[i].data.u64;
      if (connections_[index].phase == Phase::kConnecting) {
        Connected(index);
      } else if (connections_[index].phase == Phase::kOpen) {
        Readable(index, events[i].events);
      }
    }
    Tick();
  }

  void Connected(std::size_t index) {
    Connection& c = connections_[index];
    int error = 0;
    socklen_t length = sizeof error;
    ::getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &error, &length);
    if (error != 0) {
      Finish(index, Outcome::kReset, error);
      return;
    }
    --connecting_;
    c.phase = Phase::kOpen;
    if (c.role == Role::kProbe) {
      Watch(index, EPOLL_CTL_MOD, EPOLLIN | EPOLLOUT);
      Writable(index);
      return;
    }
    ++tally_.held_open;
    Watch(index, EPOLL_CTL_MOD, EPOLLIN);
    if (c.role == Role::kSlowloris) Drip(index);
  }

  void Readable(std::size_t index, std::uint32_t events) {
    Connection& c = connections_[index];
    if (c.role == Role::kProbe && (events & EPOLLOUT) && c.sent < request_.size()) {
      Writable(index);
      if (c.phase != Phase::kOpen) return;
    }
    if (!(events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))) return;
    char buffer[16 * 1024];
    ssize_t const got = ::recv(c.fd, buffer, sizeof buffer, 0);
    if (got < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (c.role != Role::kProbe) {
      if (got > 0) return;  // e.g. a 408 before the close; the close is what counts
      --tally_.held_open;
      ++tally_.held_closed_by_server;
      Close(index);
      return;
    }
    int status = 0;
    if (got > 0) {
      c.received.append(buffer, static_cast<std::size_t>(got));
      if (c.received.size() > kMaxAnswerBytes) {
        Finish(index, Outcome::kBadStatus, 0);
      } else if (ResponseComplete(c.received, false, status)) {
        Finish(index, status == 200 ? Outcome::kOk : Outcome::kBadStatus, 0);
      }
    } else if (got == 0 && ResponseComplete(c.received, true, status)) {
      Finish(index, status == 200 ? Outcome::kOk : Outcome::kBadStatus, 0);
    } else {
      Finish(index, got == 0 ? Outcome::kNoAnswer : Outcome::kReset, errno);
    }
  }

  void Writable(std::size_t index) {
    Connection& c = connections_[index];
    ssize_t const put = ::send(c.fd, request_.data() + c.sent, request_.size() - c.sent,
                               MSG_NOSIGNAL);
    if (put < 0) {
      if (errno != EAGAIN && errno != EINTR) Finish(index, Outcome::kReset, errno);
      return;
    }
    c.sent += static_cast<std::size_t>(put);
    if (c.sent == request_.size()) Watch(index, EPOLL_CTL_MOD, EPOLLIN);
  }

  void Drip(std::size_t index) {
    Connection& c = connections_[index];
    std::string_view const next = SlowlorisBytes(c.dripped);
    if (::send(c.fd, next.data(), next.size(), MSG_NOSIGNAL) == 1) ++c.dripped;
    c.next_drip = Clock::now() + options_.drip;
  }

  // Deadlines: connects, fresh requests; and the slowloris bytes that are due.
  void Tick() {
    auto const now = Clock::now();
    if (now < next_tick_) return;
    next_tick_ = now + milliseconds(5);
    for (std::size_t index = 0; index < connections_.size(); ++index) {
      Connection& c = connections_[index];
      if (c.phase == Phase::kDone) continue;
      if (c.phase == Phase::kConnecting && now - c.started > options_.connect_timeout) {
        Finish(index, Outcome::kTimeout, ETIMEDOUT);
      } else if (c.role == Role::kProbe && now - c.started > options_.deadline) {
        Finish(index, Outcome::kTimeout, ETIMEDOUT);
      } else if (c.role == Role::kSlowloris && c.phase == Phase::kOpen && now >= c.next_drip) {
        Drip(index);
      }
    }
  }

  // Ends a connection that did not become (or stopped being) a held one, or a probe.
  void Finish(std::size_t index, Outcome outcome, int error) {
    Connection& c = connections_[index];
    if (c.phase == Phase::kConnecting && c.fd >= 0) --connecting_;
    if (c.role == Role::kProbe) {
      --probes_in_flight_;
      ++tally_.outcomes[outcome];
      tally_.latencies_ms.push_back(
          std::chrono::duration<double, std::milli>(Clock::now() - c.started).count());
    } else if (c.phase == Phase::kConnecting) {
      ++tally_.connect_failures;
      if (tally_.connect_failures <= 3) {
        std::cerr << "held connection failed to open: " << std::strerror(error) << "\n";
      }
    }
    Close(index);
  }

  void Close(std::size_t index) {
    Connection& c = connections_[index];
    if (c.fd >= 0) ::close(c.fd);  // also removes it from the epoll set
    c.fd = -1;
    c.phase = Phase::kDone;
    c.received = std::string();
  }

  Options const& options_;
  Poco::Net::SocketAddress address_;
  int epoll_;
  std::string request_;
  std::vector<Connection> connections_;
  int connecting_ = 0;
  int probes_in_flight_ = 0;
  Clock::time_point next_tick_{};
  Tally tally_;
};

template <typename T>
bool ParseNumber(std::string_view text, T& out) {
  auto const [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

std::optional<Options> ParseOptions(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string_view const arg = argv[i];
    std::size_t const eq = arg.find('=');
    if (!arg.starts_with("--") || eq == std::string_view::npos) {
      std::cerr << "expected --name=value, got " << arg << "\n";
      return std::nullopt;
    }
    std::string_view const name = arg.substr(2, eq - 2);
    std::string_view const value = arg.substr(eq + 1);
    long long ms = 0;
    bool ok = true;
    if (name == "url") {
      options.url = value;
    } else if (name == "path") {
      options.path = value;
    } else if (name == "idle") {
      ok = ParseNumber(value, options.idle) && options.idle >= 0 && options.idle <= kMaxHeld;
    } else if (name == "slowloris") {
      ok = ParseNumber(value, options.slowloris) && options.slowloris >= 0 &&
           options.slowloris <= kMaxHeld;
    } else if (name == "requests") {
      ok = ParseNumber(value, options.requests) && options.requests >= 0 &&
           options.requests <= kMaxRequests;
    } else if (name == "concurrency") {
      ok = ParseNumber(value, options.concurrency) && options.concurrency >= 1 &&
           options.concurrency <= 1000;
    } else if (name == "pid") {
      ok = ParseNumber(value, options.pid) && options.pid > 0;
    } else if (name == "deadline-ms" || name == "drip-ms" || name == "settle-ms" ||
               name == "max-seconds") {
      ok = ParseNumber(value, ms) && ms > 0 && ms <= 3'600'000;
      milliseconds const as = name == "max-seconds" ? milliseconds(ms * 1000) : milliseconds(ms);
      if (name == "deadline-ms") options.deadline = as;
      if (name == "drip-ms") options.drip = as;
      if (name == "settle-ms") options.settle = as;
      if (name == "max-seconds") options.max_run = std::min(as, milliseconds(3'600'000));
    } else {
      ok = false;
    }
    if (!ok) {
      std::cerr << "bad or unknown option: " << arg << "\n";
      return std::nullopt;
    }
  }
  if (options.idle + options.slowloris > kMaxHeld) {
    std::cerr << "at most " << kMaxHeld << " held connections\n";
    return std::nullopt;
  }
  return options;
}

// Loopback only: this tool opens thousands of connections and must never aim them elsewhere.
std::optional<Poco::Net::SocketAddress> LoopbackAddress(std::string const& url) {
  try {
    Poco::URI const uri(url);
    std::string host = uri.getHost() == "localhost" ? "127.0.0.1" : uri.getHost();
    if (uri.getScheme() != "http" || !Poco::Net::IPAddress(host).isLoopback()) return std::nullopt;
    return Poco::Net::SocketAddress(host, uri.getPort());
  } catch (Poco::Exception const&) {
    return std::nullopt;
  }
}

// Raises the soft RLIMIT_NOFILE to what the run needs (up to the hard limit).
bool RaiseFileLimit(rlim_t needed) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return false;
  if (limit.rlim_cur >= needed) return true;
  if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max < needed) {
    std::cerr << "need " << needed << " file descriptors, the hard limit is " << limit.rlim_max
              << " (raise it with ulimit -Hn as root)\n";
    return false;
  }
  limit.rlim_cur = needed;
  return ::setrlimit(RLIMIT_NOFILE, &limit) == 0;
}

std::string Milliseconds(std::optional<double> value) {
  if (!value) return "-";
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", *value);
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  auto options = ParseOptions(argc, argv);
  if (!options) return 2;
  auto address = LoopbackAddress(options->url);
  if (!address) {
    std::cerr << "--url must be http://127.x.x.x:PORT, http://[::1]:PORT or http://localhost:PORT\n";
    return 2;
  }
  auto const needed = static_cast<rlim_t>(options->idle + options->slowloris + options->concurrency + 64);
  if (!RaiseFileLimit(needed)) return 2;

  auto const stop = Clock::now() + options->max_run;
  std::optional<std::size_t> rss_before;
  if (options->pid) rss_before = gauthflow::load::ReadResidentBytes(options->pid);

  ConnectionHolder holder(*options, *address);
  std::cerr << "opening " << options->idle << " idle and " << options->slowloris
            << " slowloris connections to " << address->toString() << "\n";
  holder.OpenHeld(Role::kIdle, options->idle, stop);
  holder.OpenHeld(Role::kSlowloris, options->slowloris, stop);
  holder.Hold(options->settle, stop);
  std::optional<std::size_t> rss_after;
  if (options->pid) rss_after = gauthflow::load::ReadResidentBytes(options->pid);
  int const held_at_measure = holder.tally().held_open;

  std::cerr << "held " << held_at_measure << "; sending " << options->requests
            << " fresh requests\n";
  holder.Probe(options->requests, stop);
  Tally const& tally = holder.tally();
  auto count = [&](Outcome outcome) {
    auto it = tally.outcomes.find(outcome);
    return it == tally.outcomes.end() ? 0 : it->second;
  };
  int const answered = count(Outcome::kOk);
  int const sent = static_cast<int>(tally.latencies_ms.size());

  std::ostringstream line;
  line << "idle=" << options->idle << " slowloris=" << options->slowloris
       << " held_at_measure=" << held_at_measure << " held_at_end=" << tally.held_open
       << " connect_failures=" << tally.connect_failures
       << " held_closed_by_server=" << tally.held_closed_by_server << " requests=" << sent
       << " answered=" << answered << " failures=" << (sent - answered)
       << " timeouts=" << count(Outcome::kTimeout) << " resets=" << count(Outcome::kReset)
       << " no_answer=" << count(Outcome::kNoAnswer) << " bad_status=" << count(Outcome::kBadStatus)
       << " p50_ms=" << Milliseconds(gauthflow::load::NearestRankPercentile(tally.latencies_ms, 50))
       << " p99_ms=" << Milliseconds(gauthflow::load::NearestRankPercentile(tally.latencies_ms, 99))
       << " max_ms=" << Milliseconds(gauthflow::load::NearestRankPercentile(tally.latencies_ms, 100));
  if (rss_before && rss_after) {
    auto const grown = static_cast<long long>(*rss_after) - static_cast<long long>(*rss_before);
    line << " rss_before_kb=" << *rss_before / 1024 << " rss_after_kb=" << *rss_after / 1024
         << " rss_per_held_bytes=" << (held_at_measure > 0 ? grown / held_at_measure : 0);
  }
  line << " unfinished=" << (Clock::now() >= stop ? 1 : 0);
  std::cout << line.str() << std::endl;
  return 0;
}
