#include "id_token_signer.h"

#include <algorithm>
#include <mutex>
#include <sstream>

#include <Poco/Crypto/RSAKey.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>
#include <Poco/SharedPtr.h>
#include <Poco/Timestamp.h>

#include "digest.h"

namespace gauthflow::mockserver {
namespace {

Poco::Timestamp ToTimestamp(std::chrono::system_clock::time_point t) {
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
  // JWT times are whole seconds (RFC 7519 §2 NumericDate).
  return Poco::Timestamp((micros / 1'000'000) * 1'000'000);
}

bool HasScope(std::vector<std::string> const& scopes, std::string const& scope) {
  return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

}  // namespace

struct IdTokenSigner::Impl {
  Poco::SharedPtr<Poco::Crypto::RSAKey> key;
  mutable std::mutex mu;  // Poco's Signer is not documented as thread-safe
  Poco::JWT::Signer signer;
};

IdTokenSigner::IdTokenSigner() : impl_(std::make_unique<Impl>()) {
  impl_->key = new Poco::Crypto::RSAKey(Poco::Crypto::RSAKey::KL_2048, Poco::Crypto::RSAKey::EXP_LARGE);
  impl_->signer.setRSAKey(impl_->key);
  impl_->signer.addAlgorithm(Poco::JWT::Signer::ALGO_RS256);

  auto modulus = impl_->key->modulus();
  auto exponent = impl_->key->encryptionExponent();
  std::string n = Base64UrlNoPadding({modulus.begin(), modulus.end()});
  std::string e = Base64UrlNoPadding({exponent.begin(), exponent.end()});
  // Google's kids are 40 hex digits; a digest of the modulus gives a stable one per key.
  auto digest = Sha256(n);
  static constexpr char kHex[] = "0123456789abcdef";
  for (std::size_t i = 0; i < 20; ++i) {
    key_id_.push_back(kHex[digest[i] >> 4]);
    key_id_.push_back(kHex[digest[i] & 15]);
  }

  Poco::JSON::Object key(Poco::JSON_PRESERVE_KEY_ORDER);
  key.set("kty", "RSA");
  key.set("alg", "RS256");
  key.set("use", "sig");
  key.set("kid", key_id_);
  key.set("n", n);
  key.set("e", e);
  Poco::JSON::Array keys;
  keys.add(key);
  Poco::JSON::Object root;
  root.set("keys", keys);
  std::ostringstream out;
  root.stringify(out, 2);
  jwks_ = out.str();
}

IdTokenSigner::~IdTokenSigner() = default;

std::string IdTokenSigner::Sign(IdTokenClaims const& claims) const {
  Poco::JWT::Token token;
  token.setType("JWT");
  token.header().set("kid", key_id_);
  token.setIssuer(claims.issuer);
  token.payload().set("azp", claims.client_id);
  token.setAudience(claims.client_id);
  token.setSubject(claims.user.sub);
  if (HasScope(claims.scopes, "https://www.googleapis.com/auth/userinfo.email")) {
    token.payload().set("email", claims.user.email);
    token.payload().set("email_verified", true);
  }
  if (!claims.access_token.empty()) {
    // OpenID Connect Core §3.1.3.6: the left half of SHA-256 of the access token, base64url.
    auto digest = Sha256(claims.access_token);
    digest.resize(digest.size() / 2);
    token.payload().set("at_hash", Base64UrlNoPadding(digest));
  }
  if (!claims.nonce.empty()) token.payload().set("nonce", claims.nonce);
  if (HasScope(claims.scopes, "https://www.googleapis.com/auth/userinfo.profile")) {
    token.payload().set("name", claims.user.name);
    if (!claims.user.picture.empty()) token.payload().set("picture", claims.user.picture);
    if (!claims.user.given_name.empty()) token.payload().set("given_name", claims.user.given_name);
    if (!claims.user.family_name.empty()) token.payload().set("family_name", claims.user.family_name);
  }
  token.setIssuedAt(ToTimestamp(claims.issued_at));
  token.setExpiration(ToTimestamp(claims.issued_at + std::chrono::seconds(3600)));
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->signer.sign(token, Poco::JWT::Signer::ALGO_RS256);
}

std::string IdTokenSigner::JwksJson() const { return jwks_; }

}  // namespace gauthflow::mockserver
