// A stand-in for a web browser, for $BROWSER in benchmarks/flow.sh: both sides of the benchmark
// (gauthflow and Google's Python example) run it with the authorization URL, as they would run
// firefox.
//
//   redirect_browser URL
//
// Like a real browser launch it returns at once: the parent exits 0 as soon as it has forked,
// so the application's launch call (Python's webbrowser waits for the command; gauthflow reaps
// it on a thread) does not wait for the sign-in. The detached child, in its own session, GETs
// the URL and follows Location hops — the fake's --auto-approve answers the authorization
// request with a 302 to the application's loopback redirect — until an answer is not a
// redirect. Only http:// on loopback hosts is fetched: the fake and the application's listener
// are both there, and a benchmark tool has no business elsewhere. Every exchange has a deadline
// and a bounded answer; a failure is written to $REDIRECT_BROWSER_LOG when it is set.
//
// Written on the C library's sockets alone, not Poco: a user's browser is already running when
// an application opens a URL in it, so the stand-in's own start-up is overhead that belongs to
// neither side. With Poco Net linked it took about 8 ms of every run on a quiet machine (the
// dynamic loader relocating Poco), the same on both sides; without, under 1 ms. The URL
// handling is by hand and only as much as the hops need: absolute http:// URLs on a loopback
// host and absolute paths (RFC 9110 §10.2.2 allows relative Location values; the fake and both
// applications send absolute ones).
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

constexpr int kMaxHops = 10;
constexpr auto kExchangeDeadline = std::chrono::seconds(10);
constexpr std::size_t kMaxAnswerBytes = 1 << 20;

using SteadyClock = std::chrono::steady_clock;

void Log(std::string const& message) {
  char const* path = std::getenv("REDIRECT_BROWSER_LOG");
  if (path == nullptr || *path == '\0') return;
  if (std::FILE* f = std::fopen(path, "a")) {
    std::fprintf(f, "%s\n", message.c_str());
    std::fclose(f);
  }
}

struct Target {
  std::string host;  // without brackets
  std::string port;
  std::string path_and_query;
};

bool IsLoopbackHost(std::string const& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1";
}

// "http://HOST[:PORT]/PATH?QUERY", HOST a name, an IPv4 address or a bracketed IPv6 address.
bool ParseHttpUrl(std::string const& url, Target& target) {
  std::string const scheme = "http://";
  if (url.compare(0, scheme.size(), scheme) != 0) return false;
  std::size_t const authority_start = scheme.size();
  std::size_t authority_end = url.find_first_of("/?#", authority_start);
  if (authority_end == std::string::npos) authority_end = url.size();
  std::string const authority = url.substr(authority_start, authority_end - authority_start);
  std::size_t port_colon;
  if (!authority.empty() && authority[0] == '[') {
    std::size_t const close = authority.find(']');
    if (close == std::string::npos) return false;
    target.host = authority.substr(1, close - 1);
    port_colon = authority.size() > close + 1 && authority[close + 1] == ':' ? close + 1
                                                                              : std::string::npos;
  } else {
    port_colon = authority.find(':');
    target.host = authority.substr(0, port_colon);
  }
  target.port = port_colon == std::string::npos ? "80" : authority.substr(port_colon + 1);
  bool const has_path = authority_end < url.size() && url[authority_end] == '/';
  target.path_and_query.assign(has_path ? 0 : 1, '/');
  target.path_and_query.append(url, authority_end, std::string::npos);
  if (auto const fragment = target.path_and_query.find('#'); fragment != std::string::npos) {
    target.path_and_query.resize(fragment);
  }
  return !target.host.empty() && !target.port.empty();
}

int MillisecondsLeft(SteadyClock::time_point deadline) {
  auto const left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
  return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

// Waits for `events` on `fd` until the deadline; false when it passes or poll fails.
bool WaitFor(int fd, short events, SteadyClock::time_point deadline) {
  pollfd p{fd, events, 0};
  for (;;) {
    int const left = MillisecondsLeft(deadline);
    if (left == 0) return false;
    int const n = ::poll(&p, 1, left);
    if (n > 0) return true;
    if (n < 0 && errno != EINTR) return false;
  }
}

// Connects to the first address of `target` that answers, non-blocking, by the deadline.
int Connect(Target const& target, SteadyClock::time_point deadline) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (::getaddrinfo(target.host.c_str(), target.port.c_str(), &hints, &found) != 0) return -1;
  int fd = -1;
  for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    int error = 0;
    socklen_t size = sizeof error;
    bool const connected =
        ::connect(fd, a->ai_addr, a->ai_addrlen) == 0 ||
        (errno == EINPROGRESS && WaitFor(fd, POLLOUT, deadline) &&
         ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) == 0 && error == 0);
    if (!connected) {
      ::close(fd);
      fd = -1;
    }
  }
  ::freeaddrinfo(found);
  return fd;
}

// One GET with "Connection: close"; the whole answer (bounded) into `answer`.
bool Exchange(Target const& target, std::string& answer) {
  auto const deadline = SteadyClock::now() + kExchangeDeadline;
  int const fd = Connect(target, deadline);
  if (fd < 0) {
    Log("cannot connect to " + target.host + ":" + target.port);
    return false;
  }
  std::string const host = target.host.find(':') == std::string::npos
                               ? target.host
                               : "[" + target.host + "]";
  std::string const request = "GET " + target.path_and_query + " HTTP/1.1\r\nHost: " + host +
                              ":" + target.port +
                              "\r\nUser-Agent: redirect_browser\r\nAccept: text/html\r\n"
                              "Connection: close\r\n\r\n";
  bool ok = true;
  for (std::size_t sent = 0; ok && sent < request.size();) {
    long const n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
    } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      ok = WaitFor(fd, POLLOUT, deadline);
    } else {
      ok = false;
    }
  }
  answer.clear();
  char chunk[16384];
  while (ok) {  // until the server closes: the request asked it to
    long const n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n > 0) {
      answer.append(chunk, static_cast<std::size_t>(n));
      ok = answer.size() <= kMaxAnswerBytes;
    } else if (n == 0) {
      break;
    } else if (errno == EAGAIN || errno == EINTR) {
      ok = WaitFor(fd, POLLIN, deadline);
    } else {
      ok = false;
    }
  }
  ::close(fd);
  if (!ok) Log("exchange with " + target.host + ":" + target.port + " failed or too large");
  return ok;
}

// The status code of an HTTP/1.x answer and its Location header (empty when none).
int ParseAnswer(std::string const& answer, std::string& location) {
  int status = -1;
  if (std::sscanf(answer.c_str(), "HTTP/1.%*d %d", &status) != 1) return -1;
  std::size_t const end = answer.find("\r\n\r\n");
  for (std::size_t line = answer.find("\r\n"); line != std::string::npos && line < end;) {
    std::size_t const next = answer.find("\r\n", line + 2);
    std::string const header = answer.substr(line + 2, next - line - 2);
    if (header.size() > 9 && strncasecmp(header.c_str(), "location:", 9) == 0) {
      location = header.substr(header.find_first_not_of(" \t", 9));
    }
    line = next;
  }
  return status;
}

// Follows redirects from `url`; the final status, or -1 (after logging why).
int Browse(std::string url) {
  Target target;
  for (int hop = 0; hop < kMaxHops; ++hop) {
    Target next;
    if (url.size() > 0 && url[0] == '/' && hop > 0) {  // an absolute path on the same server
      next = target;
      next.path_and_query = url;
    } else if (!ParseHttpUrl(url, next)) {
      Log("not an http:// URL: " + url.substr(0, 80));
      return -1;
    }
    if (!IsLoopbackHost(next.host)) {
      Log("refusing " + next.host + ": loopback http only");
      return -1;
    }
    target = next;
    std::string answer;
    if (!Exchange(target, answer)) return -1;
    std::string location;
    int const status = ParseAnswer(answer, location);
    if (status < 300 || status >= 400 || location.empty()) return status;
    url = location;
  }
  Log("more than " + std::to_string(kMaxHops) + " redirects");
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: redirect_browser URL\n");
    return 2;
  }
  // Detach: the parent returns to the launcher at once.
  pid_t const child = ::fork();
  if (child < 0) {
    std::perror("redirect_browser: fork");
    return 1;
  }
  if (child > 0) return 0;
  ::setsid();
  // Hold none of the launcher's output open (a pipe reader would wait for us).
  if (int null = ::open("/dev/null", O_RDWR); null >= 0) {
    ::dup2(null, STDIN_FILENO);
    ::dup2(null, STDOUT_FILENO);
    ::dup2(null, STDERR_FILENO);
    if (null > STDERR_FILENO) ::close(null);
  }
  return Browse(argv[1]) < 0 ? 1 : 0;
}
