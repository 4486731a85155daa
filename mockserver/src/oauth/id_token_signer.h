#ifndef GAUTHFLOW_MOCKSERVER_OAUTH_ID_TOKEN_SIGNER_H_
#define GAUTHFLOW_MOCKSERVER_OAUTH_ID_TOKEN_SIGNER_H_

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "gauthflow/mockserver/server_config.h"

namespace gauthflow::mockserver {

struct IdTokenClaims {
  std::string issuer;     // the server's base URL (it is also the discovery document's issuer)
  std::string client_id;  // aud and azp
  UserConfig user;
  std::vector<std::string> scopes;  // profile claims only when the profile scope was granted
  std::string access_token;          // for at_hash; "" = no at_hash
  std::string nonce;                 // "" = no nonce claim
  std::chrono::system_clock::time_point issued_at{};
};

// Signs OpenID Connect id_tokens (RS256, OpenID Connect Core §2) with an RSA key generated at
// start, and publishes that key as a JWKS (RFC 7517) for /oauth2/v3/certs and as a self-signed
// X.509 certificate ({kid: PEM}) for /oauth2/v1/certs.
class IdTokenSigner {
 public:
  IdTokenSigner();  // generates a 2048-bit key
  ~IdTokenSigner();
  std::string Sign(IdTokenClaims const& claims) const;
  std::string JwksJson() const;  // precomputed
  std::string PemCertificatesJson() const;  // precomputed
  std::string const& key_id() const { return key_id_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string key_id_;
  std::string jwks_;
  std::string pem_certificates_;
};

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_OAUTH_ID_TOKEN_SIGNER_H_
