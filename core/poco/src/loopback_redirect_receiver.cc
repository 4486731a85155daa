#include "gauthflow/poco/loopback_redirect_receiver.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/String.h>
#include <Poco/ThreadPool.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <vector>

namespace gauthflow {
namespace {

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

constexpr int kBacklog = 16;
// Attempts at finding an ephemeral port that is free on both 127.0.0.1 and ::1 ("localhost").
constexpr int kDualStackAttempts = 8;

// Where to listen and what to tell the authorization server.
struct ListenPlan {
  std::vector<Poco::Net::IPAddress> addresses;  // the first one is required
  bool ipv6_optional = false;                   // "localhost": ::1 only where IPv6 exists
  std::string uri_host;                         // as it appears in the redirect_uri
  std::string path;                             // request path to answer, e.g. "/" or "/cb/"
};

Result<ListenPlan> PlanListen(LoopbackRedirect const& mode) {
  ListenPlan plan;
  std::string const host = Poco::toLower(mode.host);
  if (host == "localhost") {
    // RFC 8252 §8.3 prefers the IP literal; localhost is supported for clients registered with
    // it (gcloud, google-auth-oauthlib's default). Browsers may resolve it to either family.
    plan.addresses = {Poco::Net::IPAddress("127.0.0.1"), Poco::Net::IPAddress("::1")};
    plan.ipv6_optional = true;
    plan.uri_host = "localhost";
  } else {
    std::string literal = host;
    if (literal.size() > 2 && literal.front() == '[' && literal.back() == ']') {
      literal = literal.substr(1, literal.size() - 2);
    }
    Poco::Net::IPAddress address;
    // RFC 8252 §8.3: listen on the loopback interface only, never on a routable address.
    if (!Poco::Net::IPAddress::tryParse(literal, address) || !address.isLoopback()) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "redirect host \"" + mode.host +
                           "\" is not a loopback address; use 127.0.0.1, [::1] or localhost");
    }
    plan.addresses = {address};
    plan.uri_host = address.family() == Poco::Net::IPAddress::IPv6
                        ? "[" + address.toString() + "]"
                        : address.toString();
  }
  if (mode.port < 0 || mode.port > 65535) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "redirect port " + std::to_string(mode.port) + " is outside 0..65535");
  }
  std::string path = mode.path;
  path.erase(0, path.find_first_not_of('/'));
  while (!path.empty() && path.back() == '/') path.pop_back();
  if (path.find_first_of("?#% \t\r\n\\") != std::string::npos) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "redirect path \"" + mode.path +
                         "\" may not contain '?', '#', '%', '\\' or whitespace");
  }
  // The browser asks for "/" when the redirect_uri has no path at all.
  plan.path = path.empty() ? "/" : "/" + path + (mode.trailing_slash ? "/" : "");
  return plan;
}

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

// What the request handlers share with WaitForRedirect; guarded by `mu`.
struct RedirectState {
  std::mutex mu;
  std::condition_variable cv;
  std::string path;          // fixed while serving
  std::string redirect_uri;  // fixed while serving
  std::string brand;         // fixed while serving
  RedirectHandler const* handler = nullptr;  // non-null while WaitForRedirect accepts
  bool claimed = false;      // a request with a query is being answered
  bool done = false;         // ... and has been answered
  std::string callback_url;
};

std::string RenderPage(std::string const& brand, bool success, std::string const& message) {
  std::string const title = success ? "Sign-in complete" : "Sign-in failed";
  std::string const color = success ? "#1e8e3e" : "#d93025";
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>" + HtmlEscape(brand) + ": " + title + "</title>"
         "<style>body{font-family:system-ui,sans-serif;background:#f8f9fa;margin:0}"
         "main{max-width:32rem;margin:4rem auto;padding:2rem;background:#fff;"
         "border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.2)}"
         "h1{font-size:1.4rem;color:" + color + "}p{color:#3c4043;line-height:1.5}</style>"
         "</head><body><main><h1>" + title + "</h1><p>" + HtmlEscape(message) + "</p>" +
         // A success message says what to do next itself (FlowOptions::success_message).
         (success ? std::string()
                  : "<p>You can close this window and return to " + HtmlEscape(brand) + ".</p>") +
         "</main></body></html>\n";
}

class RedirectRequestHandler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit RedirectRequestHandler(std::shared_ptr<RedirectState> state)
      : state_(std::move(state)) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    response.setKeepAlive(false);
    // The page answers a URL that holds an authorization code: keep it out of caches and out
    // of any Referer header a later navigation might send.
    response.set("Cache-Control", "no-store");
    response.set("Referrer-Policy", "no-referrer");
    response.set("X-Content-Type-Options", "nosniff");

    std::string const& target = request.getURI();
    auto const question = target.find('?');
    std::string const path = target.substr(0, question);
    std::string const query = question == std::string::npos ? "" : target.substr(question + 1);

    if (path != state_->path) {
      return Send(response, Poco::Net::HTTPResponse::HTTP_NOT_FOUND, false,
                  "Nothing is served here.");
    }
    if (request.getMethod() != Poco::Net::HTTPRequest::HTTP_GET) {
      response.set("Allow", "GET");
      return Send(response, Poco::Net::HTTPResponse::HTTP_METHOD_NOT_ALLOWED, false,
                  "The authorization response must arrive as a GET request.");
    }
    if (query.empty()) {
      return Send(response, Poco::Net::HTTPResponse::HTTP_BAD_REQUEST, false,
                  "This request carries no authorization response (no code or error).");
    }

    RedirectHandler const* handler = nullptr;
    std::string callback_url;
    {
      std::unique_lock<std::mutex> lock(state_->mu);
      if (state_->handler == nullptr || state_->claimed) {
        lock.unlock();
        return Send(response, Poco::Net::HTTPResponse::HTTP_CONFLICT, false,
                    "This sign-in is no longer waiting for a response.");
      }
      state_->claimed = true;
      handler = state_->handler;
      callback_url = state_->redirect_uri + "?" + query;
    }

    RedirectPage page;
    try {
      page = (*handler)(callback_url);
    } catch (std::exception const&) {
      page = RedirectPage{false, "The application failed to process the response."};
    }
    try {
      Send(response, Poco::Net::HTTPResponse::HTTP_OK, page.success, page.message);
    } catch (...) {
      // The browser went away; the flow has its URL all the same.
    }
    {
      std::lock_guard<std::mutex> lock(state_->mu);
      state_->done = true;
      state_->callback_url = std::move(callback_url);
    }
    state_->cv.notify_all();
  }

 private:
  void Send(Poco::Net::HTTPServerResponse& response, Poco::Net::HTTPResponse::HTTPStatus status,
            bool success, std::string const& message) {
    std::string const body = RenderPage(state_->brand, success, message);
    response.setStatus(status);
    response.setContentType("text/html; charset=utf-8");
    response.setContentLength64(static_cast<Poco::Int64>(body.size()));
    std::ostream& out = response.send();
    out << body;
    // Flush before WaitForRedirect may shut the connection down.
    out.flush();
  }

  std::shared_ptr<RedirectState> state_;
};

class RedirectHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit RedirectHandlerFactory(std::shared_ptr<RedirectState> state)
      : state_(std::move(state)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      Poco::Net::HTTPServerRequest const&) override {
    return new RedirectRequestHandler(state_);
  }

 private:
  std::shared_ptr<RedirectState> state_;
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
  // Alive only while WaitForRedirect serves.
  std::vector<std::unique_ptr<Poco::ThreadPool>> pools;
  std::vector<std::unique_ptr<Poco::Net::HTTPServer>> servers;

  Impl(Clock& c, LoopbackRedirectReceiverOptions o) : clock(c), options(std::move(o)) {}

  void StopServers() {
    for (auto& server : servers) {
      try {
        // Also shuts down idle connections still held open by the browser.
        server->stopAll(/*abortCurrent=*/true);
      } catch (...) {
      }
    }
    for (auto& pool : pools) pool->joinAll();
    servers.clear();
    pools.clear();
  }

  void CloseAll() {
    StopServers();
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
};

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
  // Validate the redirect URI's host and path before binding anything.
  if (auto uri = LoopbackRedirectUri(mode, 1); !uri) return tl::unexpected(uri.error());
  auto plan = PlanListen(mode);
  if (!plan) return tl::unexpected(plan.error());

  auto const in_use = [&](std::string const& where) {
    return MakeError(ErrorCode::kPortInUse,
                     "cannot listen for the redirect on " + where +
                         ": the port is already in use by another program; choose another "
                         "port, or port 0 for any free one");
  };
  // With port 0 and two families, the port the kernel picks on 127.0.0.1 may be taken on ::1:
  // pick again rather than fail.
  int const attempts = mode.port == 0 && plan->addresses.size() > 1 ? kDualStackAttempts : 1;
  for (int attempt = 0; attempt < attempts; ++attempt) {
    std::vector<Poco::Net::ServerSocket> sockets;
    int port = mode.port;
    bool retry = false;
    for (std::size_t i = 0; i < plan->addresses.size(); ++i) {
      auto const& address = plan->addresses[i];
      bool const optional = i > 0 && plan->ipv6_optional;
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
    impl_->sockets = std::move(sockets);
    impl_->port = port;
    impl_->path = plan->path;
    // One spelling of the URI for the whole library (redirect_mode.h), so that what is sent to
    // Google is byte for byte what the flow later compares against.
    auto uri = LoopbackRedirectUri(mode, port);
    impl_->redirect_uri = uri ? *std::move(uri) : std::string();
    return impl_->redirect_uri;
  }
  return in_use("localhost (127.0.0.1 and [::1]) after " + std::to_string(attempts) +
                " ephemeral ports");
}

Result<std::string> LoopbackRedirectReceiver::WaitForRedirect(Clock::time_point deadline,
                                                              RedirectHandler const& handler) {
  if (impl_->sockets.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "WaitForRedirect needs a successful Listen first (the port is released "
                     "after every wait)");
  }
  std::string const redirect_uri = impl_->redirect_uri;
  auto const timeout = [&] {
    impl_->CloseAll();
    return MakeError(ErrorCode::kTimeout,
                     "no authorization response reached " + redirect_uri +
                         " before the deadline; sign-in was not completed in the browser");
  };
  if (impl_->clock.Now() >= deadline) return timeout();

  auto state = std::make_shared<RedirectState>();
  state->path = impl_->path;
  state->redirect_uri = redirect_uri;
  state->brand = impl_->options.brand;
  state->handler = &handler;

  int const threads = std::max(2, impl_->options.max_threads);
  try {
    for (auto const& socket : impl_->sockets) {
      auto params = Poco::AutoPtr<Poco::Net::HTTPServerParams>(new Poco::Net::HTTPServerParams);
      params->setKeepAlive(false);
      params->setTimeout(Poco::Timespan(
          static_cast<Poco::Timespan::TimeDiff>(impl_->options.connection_timeout.count()) *
          1000));
      params->setMaxThreads(threads);
      params->setMaxQueued(kBacklog);
      params->setSoftwareVersion("gauthflow");
      impl_->pools.push_back(std::make_unique<Poco::ThreadPool>("gauthflow-redirect", 2, threads));
      impl_->servers.push_back(std::make_unique<Poco::Net::HTTPServer>(
          new RedirectHandlerFactory(state), *impl_->pools.back(), socket, params));
      impl_->servers.back()->start();
    }
  } catch (Poco::Exception const& e) {
    impl_->CloseAll();
    return MakeError(ErrorCode::kBindFailed,
                     "cannot serve the redirect on " + redirect_uri + ": " + e.displayText());
  }

  std::optional<std::string> url;
  {
    std::unique_lock<std::mutex> lock(state->mu);
    while (!state->done) {
      // Once a request is being answered, let it finish even past the deadline: the user has
      // already signed in.
      if (!state->claimed && impl_->clock.Now() >= deadline) {
        state->handler = nullptr;  // later requests are told the wait is over
        break;
      }
      state->cv.wait_for(lock, impl_->options.poll_interval);
    }
    if (state->done) url = state->callback_url;
  }
  if (!url) return timeout();
  impl_->CloseAll();
  return *url;
}

}  // namespace gauthflow
