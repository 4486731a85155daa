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
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Timespan.h>
#include <Poco/URI.h>

namespace {

constexpr int kMaxHops = 10;
constexpr long kExchangeSeconds = 10;
constexpr std::streamsize kMaxBodyBytes = 1 << 20;

void Log(std::string const& message) {
  if (char const* path = std::getenv("REDIRECT_BROWSER_LOG"); path != nullptr && *path) {
    std::ofstream(path, std::ios::app) << message << "\n";
  }
}

bool IsLoopbackHost(std::string const& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1";
}

// Follows redirects from `url`; the final status, or -1 (after logging why).
int Browse(std::string url) {
  for (int hop = 0; hop < kMaxHops; ++hop) {
    Poco::URI uri(url);
    if (uri.getScheme() != "http" || !IsLoopbackHost(uri.getHost())) {
      Log("refusing " + uri.getScheme() + "://" + uri.getHost() + ": loopback http only");
      return -1;
    }
    Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
    session.setTimeout(Poco::Timespan(kExchangeSeconds, 0));
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, uri.getPathAndQuery(),
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    auto& body = session.receiveResponse(response);
    // Read (a bounded amount of) the page, as a browser would before the next hop.
    char chunk[16384];
    std::streamsize read = 0;
    while (body.read(chunk, sizeof chunk) || body.gcount() > 0) {
      read += body.gcount();
      if (read > kMaxBodyBytes) break;
    }
    if (read > kMaxBodyBytes) {
      Log("answer from " + uri.getHost() + " larger than 1 MiB");
      return -1;
    }
    auto const status = static_cast<int>(response.getStatus());
    if (status < 300 || status >= 400 || !response.has("Location")) return status;
    // RFC 9110 §10.2.2: Location may be relative to the request's URI.
    Poco::URI next(uri, response.get("Location"));
    url = next.toString();
  }
  Log("more than " + std::to_string(kMaxHops) + " redirects");
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: redirect_browser URL\n";
    return 2;
  }
  // Detach before Poco starts anything: the parent returns to the launcher at once.
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
  try {
    return Browse(argv[1]) < 0 ? 1 : 0;
  } catch (Poco::Exception const& e) {
    Log("browser failed: " + e.displayText());
  } catch (std::exception const& e) {
    Log(std::string("browser failed: ") + e.what());
  }
  return 1;
}
