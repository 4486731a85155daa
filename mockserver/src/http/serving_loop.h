#ifndef GAUTHFLOW_MOCKSERVER_HTTP_SERVING_LOOP_H_
#define GAUTHFLOW_MOCKSERVER_HTTP_SERVING_LOOP_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "http/http_message.h"
#include "http/http_server.h"
#include "http/request_parser.h"
#include "http/transport.h"

namespace gauthflow::mockserver::http {

// What every loop of one server shares.
struct SharedServing {
  ServingOptions const options;
  RequestHandler& handler;
  SSL_CTX* const tls;
  int listen_fd = -1;
  std::atomic<int> connections{0};    // admitted, all loops
  std::atomic<int> over_limit{0};     // accepted beyond max_connections, waiting for their 503
};

// One event loop: an epoll set over the shared listening socket (EPOLLEXCLUSIVE, so one loop
// wakes per new connection) and the connections it accepted, plus a timer set for every
// connection's current deadline. Edge-triggered: each event drives a connection as far as its
// socket allows.
//
// A connection is a state machine: handshake (TLS) → reading → serving (the handler, or a timer
// holding back a delayed answer) → writing → reading again, or lingering → closed. Only one
// request per connection is served at a time; pipelined bytes wait in the connection and are
// parsed once the answer before them is written, so answers keep the order of the requests and
// a peer that does not read its answers stops being read from.
class ServingLoop {
 public:
  explicit ServingLoop(SharedServing& shared);
  ~ServingLoop();
  ServingLoop(ServingLoop const&) = delete;
  ServingLoop& operator=(ServingLoop const&) = delete;

  // Serves until Stop(); then closes every connection it holds.
  void Run();
  // Thread-safe.
  void Stop();

 private:
  using SteadyClock = std::chrono::steady_clock;
  enum class State { kHandshake, kReading, kServing, kWriting, kLingering, kClosed };

  struct Connection {
    Connection(std::uint64_t i, int f, std::unique_ptr<Transport> t, ParserLimits limits)
        : id(i), fd(f), transport(std::move(t)), parser(limits) {}
    std::uint64_t const id;
    int const fd;
    std::unique_ptr<Transport> transport;
    RequestParser parser;
    State state = State::kHandshake;
    bool over_limit = false;   // accepted beyond max_connections: its first request gets 503
    bool idle = false;         // between requests (idle timeout, not header timeout)
    bool continue_sent = false;
    bool head = false;         // the request being served is HEAD
    bool http10 = false;
    bool keep_alive = true;    // the request being served allows persistence
    bool close_after_write = false;
    // The last read came back short (the socket's queue was empty then) and no readiness event
    // for this connection arrived since: a read now would only say EAGAIN. Edge-triggered epoll
    // reports any byte that arrives later, so the read can wait for that event. Never set for a
    // TLS connection (the TLS layer may hold decrypted bytes) or once the peer hung up.
    bool input_drained = false;
    bool peer_hung_up = false;
    std::string pending_input;  // bytes read after a complete request (pipelining)
    std::string output;         // what is still to be written
    std::size_t output_sent = 0;
    std::optional<HttpResponse> delayed;  // a delay fault's answer, until its timer fires
    std::optional<SteadyClock::time_point> deadline;
    // When this connection's one entry in timers_ fires, if it has one: at or before `deadline`.
    // Deadlines move on several times a request and mostly later; the entry stays where it is
    // and, firing early, is moved to the deadline then (see SetDeadline).
    std::optional<SteadyClock::time_point> timer;
  };

  void Accept();
  void Admit(int fd);
  void Drive(Connection& connection);
  bool ReadRequest(Connection& connection);
  bool FeedParser(Connection& connection, std::string_view data);
  void Dispatch(Connection& connection, HttpRequest request);
  void OnResponse(Connection& connection, HttpResponse response);
  void QueueResponse(Connection& connection, HttpResponse const& response);
  bool Flush(Connection& connection);
  void AfterWrite(Connection& connection);
  void DrainLingering(Connection& connection);
  void OnDeadline(Connection& connection);
  void SetDeadline(Connection& connection, std::optional<std::chrono::milliseconds> after);
  void Close(Connection& connection, bool reset = false);
  void RunTimers();
  int NextTimeoutMs() const;
  std::string_view Date();

  SharedServing& shared_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  bool listening_ = true;  // false while out of descriptors
  std::atomic<bool> stopping_{false};
  std::uint64_t next_id_ = 1;
  std::unordered_map<std::uint64_t, std::unique_ptr<Connection>> connections_;
  std::vector<std::uint64_t> closed_;  // freed after the current event batch
  // Connection timers (one entry at most per connection, see Connection::timer); id 0: accept retry.
  std::set<std::pair<SteadyClock::time_point, std::uint64_t>> timers_;
  std::optional<SteadyClock::time_point> accept_retry_;
  SteadyClock::time_point now_;
  std::vector<char> scratch_;
  std::int64_t date_second_ = -1;
  std::string date_;
};

}  // namespace gauthflow::mockserver::http

#endif  // GAUTHFLOW_MOCKSERVER_HTTP_SERVING_LOOP_H_
