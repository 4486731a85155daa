#ifndef GAUTHFLOW_MOCKSERVER_FAKE_GOOGLE_SERVER_H_
#define GAUTHFLOW_MOCKSERVER_FAKE_GOOGLE_SERVER_H_

#include <memory>
#include <string>

#include <tl/expected.hpp>

#include "gauthflow/mockserver/clock.h"
#include "gauthflow/mockserver/server_config.h"

namespace gauthflow::mockserver {

// Why Start() failed (bind error, unreadable TLS key, bad seed data, ...).
struct StartError {
  std::string message;
};

// A fake of Google's OAuth 2.0 endpoints (accounts.google.com, oauth2.googleapis.com,
// openidconnect.googleapis.com) and Drive v3, all under one base URL on Google's own paths.
//
//   FakeGoogleServer server(DefaultServerConfig(), std::make_shared<SystemClock>());
//   if (auto started = server.Start(); !started) { ... started.error().message ... }
//   Endpoints at server.base_url(), e.g. http://127.0.0.1:41234
//
// Thread-safe: requests are served on the server's own event-loop threads (config.threads);
// connections hold no thread.
class FakeGoogleServer {
 public:
  FakeGoogleServer(ServerConfig config, std::shared_ptr<Clock const> clock);
  ~FakeGoogleServer();  // stops the server
  FakeGoogleServer(FakeGoogleServer const&) = delete;
  FakeGoogleServer& operator=(FakeGoogleServer const&) = delete;

  // Binds and starts serving. Fails if already started.
  tl::expected<void, StartError> Start();
  // Closes every connection and joins every serving thread; an answer being computed is
  // finished first, a delayed or unsent one is dropped. Idempotent.
  void Stop();

  // "http://127.0.0.1:PORT" (https with TLS) with the port actually bound; empty before Start().
  std::string base_url() const;
  int port() const;
  ServerConfig const& config() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_FAKE_GOOGLE_SERVER_H_
