#ifndef GAUTHFLOW_MOCKSERVER_HTTP_TRANSPORT_H_
#define GAUTHFLOW_MOCKSERVER_HTTP_TRANSPORT_H_

#include <cstddef>
#include <memory>

using SSL_CTX = struct ssl_ctx_st;

namespace gauthflow::mockserver::http {

struct IoResult {
  enum class Kind { kDone, kWouldBlock, kEof, kError };
  Kind kind = Kind::kDone;
  std::size_t bytes = 0;
};

// The bytes of one accepted, non-blocking connection: plain TCP or TLS over it. Every call
// returns at once; kWouldBlock means "call again when the socket is ready" (the loop waits for
// both readiness kinds, since a TLS read may need to write and the other way round).
class Transport {
 public:
  virtual ~Transport() = default;
  // Completes the TLS handshake; plain TCP is done at once.
  virtual IoResult Handshake() = 0;
  virtual IoResult Read(char* buffer, std::size_t size) = 0;
  virtual IoResult Write(char const* data, std::size_t size) = 0;
  // No more writes: TLS close_notify, then TCP FIN. Reading stays possible.
  virtual void ShutdownWrite() = 0;
};

// Takes no ownership of the descriptor: the connection closes it.
std::unique_ptr<Transport> MakePlainTransport(int fd);
// Non-blocking OpenSSL over the descriptor; nullptr if OpenSSL cannot make a session.
std::unique_ptr<Transport> MakeTlsTransport(int fd, SSL_CTX* context);

}  // namespace gauthflow::mockserver::http

#endif  // GAUTHFLOW_MOCKSERVER_HTTP_TRANSPORT_H_
