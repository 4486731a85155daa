#ifndef GAUTHFLOW_MOCKSERVER_OAUTH_ID_TOKEN_SIGNER_H_
#define GAUTHFLOW_MOCKSERVER_OAUTH_ID_TOKEN_SIGNER_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <Poco/Crypto/EVPPKey.h>

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

// Signs OpenID Connect id_tokens (RS256, OpenID Connect Core §2) with an RSA key, and publishes
// that key as a JWKS (RFC 7517) for /oauth2/v3/certs and as a self-signed X.509 certificate
// ({kid: PEM}) for /oauth2/v1/certs.
//
// The key is made on first use, not at construction: generating a 2048-bit RSA key takes 0.1 to
// 0.4 s of CPU (it was nine tenths of an empty server's start), and most runs of the fake — a
// Drive benchmark, a flow without the openid scope — never sign an id_token. Thread-safe: the
// first uses racing each other make one key, and every later call sees that key.
class IdTokenSigner {
 public:
  // Makes the signing key (an RSA key: the tokens are RS256). Called once, on first use; if it
  // throws, the use fails with that exception and the next use calls it again.
  using KeyGenerator = std::function<Poco::Crypto::EVPPKey()>;

  IdTokenSigner();  // a fresh 2048-bit key (GenerateRsaKey)
  explicit IdTokenSigner(KeyGenerator generate_key);
  ~IdTokenSigner();
  IdTokenSigner(IdTokenSigner const&) = delete;
  IdTokenSigner& operator=(IdTokenSigner const&) = delete;

  static Poco::Crypto::EVPPKey GenerateRsaKey();  // 2048 bits, e = 65537

  std::string Sign(IdTokenClaims const& claims) const;
  std::string JwksJson() const;             // computed with the key
  std::string PemCertificatesJson() const;  // computed with the key
  std::string const& key_id() const;

 private:
  struct Key;  // the key, its Poco signer, kid, JWKS and certificate
  Key const& GetKey() const;

  KeyGenerator generate_key_;
  mutable std::mutex create_mutex_;           // held while the key is made
  mutable std::unique_ptr<Key const> owned_key_;  // set once, under create_mutex_
  mutable std::atomic<Key const*> key_{nullptr};  // owned_key_ once made: the lock-free fast path
};

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_OAUTH_ID_TOKEN_SIGNER_H_
