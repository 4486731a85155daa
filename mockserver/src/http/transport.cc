#include "http/transport.h"

#include <cerrno>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace gauthflow::mockserver::http {
namespace {

IoResult FromErrno(long rc) {
  if (rc > 0) return {IoResult::Kind::kDone, static_cast<std::size_t>(rc)};
  if (rc == 0) return {IoResult::Kind::kEof, 0};
  if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
    return {IoResult::Kind::kWouldBlock, 0};
  }
  return {IoResult::Kind::kError, 0};
}

class PlainTransport final : public Transport {
 public:
  explicit PlainTransport(int fd) : fd_(fd) {}
  IoResult Handshake() override { return {}; }
  IoResult Read(char* buffer, std::size_t size) override {
    return FromErrno(::recv(fd_, buffer, size, 0));
  }
  IoResult Write(char const* data, std::size_t size) override {
    // MSG_NOSIGNAL: a peer that went away is an error value, not SIGPIPE.
    IoResult result = FromErrno(::send(fd_, data, size, MSG_NOSIGNAL));
    return result.kind == IoResult::Kind::kEof ? IoResult{IoResult::Kind::kWouldBlock, 0} : result;
  }
  void ShutdownWrite() override { ::shutdown(fd_, SHUT_WR); }

 private:
  int const fd_;
};

// OpenSSL on a non-blocking descriptor: SSL_ERROR_WANT_READ/WANT_WRITE are "not yet".
class TlsTransport final : public Transport {
 public:
  TlsTransport(int fd, SSL* ssl) : fd_(fd), ssl_(ssl) {}
  ~TlsTransport() override { SSL_free(ssl_); }
  TlsTransport(TlsTransport const&) = delete;
  TlsTransport& operator=(TlsTransport const&) = delete;

  IoResult Handshake() override {
    ERR_clear_error();
    int rc = SSL_accept(ssl_);
    return rc == 1 ? IoResult{} : Failure(rc);
  }
  IoResult Read(char* buffer, std::size_t size) override {
    ERR_clear_error();
    std::size_t got = 0;
    int rc = SSL_read_ex(ssl_, buffer, size, &got);
    return rc == 1 ? IoResult{IoResult::Kind::kDone, got} : Failure(rc);
  }
  IoResult Write(char const* data, std::size_t size) override {
    ERR_clear_error();
    std::size_t sent = 0;
    int rc = SSL_write_ex(ssl_, data, size, &sent);
    return rc == 1 ? IoResult{IoResult::Kind::kDone, sent} : Failure(rc);
  }
  void ShutdownWrite() override {
    ERR_clear_error();
    SSL_shutdown(ssl_);  // sends close_notify; the peer's is not waited for
    ::shutdown(fd_, SHUT_WR);
  }

 private:
  IoResult Failure(int rc) {
    switch (SSL_get_error(ssl_, rc)) {
      case SSL_ERROR_WANT_READ:
      case SSL_ERROR_WANT_WRITE:
        return {IoResult::Kind::kWouldBlock, 0};
      case SSL_ERROR_ZERO_RETURN:
        return {IoResult::Kind::kEof, 0};
      default:
        return {IoResult::Kind::kError, 0};
    }
  }

  int const fd_;
  SSL* const ssl_;
};

}  // namespace

std::unique_ptr<Transport> MakePlainTransport(int fd) { return std::make_unique<PlainTransport>(fd); }

std::unique_ptr<Transport> MakeTlsTransport(int fd, SSL_CTX* context) {
  SSL* ssl = SSL_new(context);
  if (ssl == nullptr) return nullptr;
  // The write buffer is a std::string that may move between retries of one SSL_write.
  SSL_set_mode(ssl, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  if (SSL_set_fd(ssl, fd) != 1) {
    SSL_free(ssl);
    return nullptr;
  }
  SSL_set_accept_state(ssl);
  return std::make_unique<TlsTransport>(fd, ssl);
}

}  // namespace gauthflow::mockserver::http
