#ifndef GAUTHFLOW_POCO_SRC_TLS_CONNECTOR_H_
#define GAUTHFLOW_POCO_SRC_TLS_CONNECTOR_H_

#include <string>

#include <Poco/Exception.h>
#include <Poco/Net/StreamSocket.h>

namespace gauthflow::internal {

// TLS for PocoHttpClient, in the module libgauthflow_tls.so (core/poco/tls/), which the client
// loads on its first https:// request. Poco's NetSSL pulls in PocoCrypto, PocoUtil, PocoXML,
// libssl and libcrypto: linked into every program they would be loaded and relocated at each
// start, which is most of the start-up time of `gauthflow token` on a cached token
// (benchmarks/results/flow.md). The interface uses only Poco Foundation and Net types.
class TlsConnector {
 public:
  virtual ~TlsConnector() = default;
  // The TLS handshake over a connected socket, `host` as SNI: OpenSSL verifies the chain,
  // then Poco the host name against the certificate. Returns the socket to use from then on.
  // Throws Poco::Exception (NetSSL's SSLException family for TLS failures).
  virtual Poco::Net::StreamSocket Attach(Poco::Net::StreamSocket& socket,
                                         std::string const& host) = 0;
  // Whether `e` is one of NetSSL's TLS exceptions (its types live in the module).
  virtual bool IsTlsError(Poco::Exception const& e) const = 0;
};

// The module's one export: a connector trusting `ca_file` (empty: the system's CA store), or
// nullptr with the reason in `*error`.
inline constexpr char kTlsConnectorFactorySymbol[] = "gauthflow_make_tls_connector";
using TlsConnectorFactory = TlsConnector* (*)(char const* ca_file, std::string* error);

}  // namespace gauthflow::internal

#endif  // GAUTHFLOW_POCO_SRC_TLS_CONNECTOR_H_
