// libgauthflow_tls.so: PocoHttpClient's TLS (see ../src/tls_connector.h), loaded on the first
// https:// request.
#include <openssl/ssl.h>

#include <Poco/Net/Context.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SecureStreamSocket.h>

#include "tls_connector.h"

namespace gauthflow::internal {
namespace {

class PocoTlsConnector final : public TlsConnector {
 public:
  explicit PocoTlsConnector(Poco::Net::Context::Ptr context) : context_(std::move(context)) {}

  Poco::Net::StreamSocket Attach(Poco::Net::StreamSocket& socket,
                                 std::string const& host) override {
    auto secure = Poco::Net::SecureStreamSocket::attach(socket, host, context_);
    // A handshake cut short by the deadline can come back from Poco without an exception; a
    // completed one has verified the server's certificate.
    if (!secure.havePeerCertificate()) {
      throw Poco::Net::SSLException("the TLS handshake did not complete");
    }
    return secure;
  }

  bool IsTlsError(Poco::Exception const& e) const override {
    return dynamic_cast<Poco::Net::SSLException const*>(&e) != nullptr;
  }

 private:
  Poco::Net::Context::Ptr context_;
};

}  // namespace
}  // namespace gauthflow::internal

extern "C" __attribute__((visibility("default"))) gauthflow::internal::TlsConnector*
gauthflow_make_tls_connector(char const* ca_file, std::string* error) {
  try {
    Poco::Net::Context::Params params;
    params.caLocation = ca_file;
    params.loadDefaultCAs = *ca_file == '\0';
    params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    // Poco routes verification failures through its global SSLManager, whose default handler
    // for an application without configuration asks on the console. Use OpenSSL's own verdict
    // instead: a chain that does not verify fails the handshake. Poco still checks the host name
    // against the certificate after the handshake (extended verification is on by default).
    SSL_CTX_set_verify(context->sslContext(), SSL_VERIFY_PEER, nullptr);
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    return new gauthflow::internal::PocoTlsConnector(context);
  } catch (Poco::Exception const& e) {
    *error = e.displayText();
    return nullptr;
  }
}
