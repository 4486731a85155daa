#include "oauth/id_token_signer.h"

#include <algorithm>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <Poco/Crypto/EVPPKey.h>
#include <Poco/Crypto/RSAKey.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>
#include <Poco/SharedPtr.h>
#include <Poco/Timestamp.h>

#include "oauth/digest.h"

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

struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};

// A self-signed certificate for `key`, valid from an hour ago for a year, as PEM. Google's
// /oauth2/v1/certs publishes its signing keys this way; only the public key in it matters.
std::string SelfSignedCertificatePem(Poco::Crypto::EVPPKey& evp_key) {
  EVP_PKEY* key = evp_key;
  std::unique_ptr<X509, X509Free> cert(X509_new());
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  if (!cert || !bio) throw std::runtime_error("out of memory making the id_token certificate");
  X509_set_version(cert.get(), 2);  // X.509 v3
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 365L * 24 * 3600);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<unsigned char const*>("gauthflow-mockserver id_token signer"),
                             -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  if (X509_sign(cert.get(), key, EVP_sha256()) <= 0 || PEM_write_bio_X509(bio.get(), cert.get()) != 1) {
    throw std::runtime_error("cannot sign the id_token certificate");
  }
  char* data = nullptr;
  long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

}  // namespace

struct IdTokenSigner::Key {
  explicit Key(Poco::Crypto::EVPPKey pkey);

  Poco::SharedPtr<Poco::Crypto::RSAKey> rsa;
  mutable std::mutex mu;  // Poco's Signer is not documented as thread-safe
  Poco::JWT::Signer signer;
  std::string id;
  std::string jwks;
  std::string pem_certificates;
};

IdTokenSigner::Key::Key(Poco::Crypto::EVPPKey pkey) : rsa(new Poco::Crypto::RSAKey(pkey)) {
  signer.setRSAKey(rsa);
  signer.addAlgorithm(Poco::JWT::Signer::ALGO_RS256);

  auto modulus = rsa->modulus();
  auto exponent = rsa->encryptionExponent();
  std::string n = Base64UrlNoPadding({modulus.begin(), modulus.end()});
  std::string e = Base64UrlNoPadding({exponent.begin(), exponent.end()});
  // Google's kids are 40 hex digits; a digest of the modulus gives a stable one per key.
  auto digest = Sha256(n);
  static constexpr char kHex[] = "0123456789abcdef";
  for (std::size_t i = 0; i < 20; ++i) {
    id.push_back(kHex[digest[i] >> 4]);
    id.push_back(kHex[digest[i] & 15]);
  }

  Poco::JSON::Object key(Poco::JSON_PRESERVE_KEY_ORDER);
  key.set("kty", "RSA");
  key.set("alg", "RS256");
  key.set("use", "sig");
  key.set("kid", id);
  key.set("n", n);
  key.set("e", e);
  Poco::JSON::Array keys;
  keys.add(key);
  Poco::JSON::Object root;
  root.set("keys", keys);
  std::ostringstream out;
  root.stringify(out, 2);
  jwks = out.str();

  Poco::JSON::Object certs;
  certs.set(id, SelfSignedCertificatePem(pkey));
  std::ostringstream certs_out;
  certs.stringify(certs_out, 2);
  pem_certificates = certs_out.str();
}

Poco::Crypto::EVPPKey IdTokenSigner::GenerateRsaKey() {
  // OpenSSL's EVP API makes the key (so that the certificate can be signed with it); Poco's
  // EVPPKey keeps its own reference.
  std::unique_ptr<EVP_PKEY, PkeyFree> pkey(EVP_RSA_gen(2048));
  if (!pkey) throw std::runtime_error("cannot generate the id_token RSA key");
  return Poco::Crypto::EVPPKey(pkey.get());
}

IdTokenSigner::IdTokenSigner() : IdTokenSigner(&IdTokenSigner::GenerateRsaKey) {}

IdTokenSigner::IdTokenSigner(KeyGenerator generate_key) : generate_key_(std::move(generate_key)) {}

IdTokenSigner::~IdTokenSigner() = default;

IdTokenSigner::Key const& IdTokenSigner::GetKey() const {
  if (Key const* key = key_.load(std::memory_order_acquire)) return *key;
  std::lock_guard<std::mutex> lock(create_mutex_);
  if (!owned_key_) {
    owned_key_ = std::make_unique<Key const>(generate_key_());
    key_.store(owned_key_.get(), std::memory_order_release);
  }
  return *owned_key_;
}

std::string const& IdTokenSigner::key_id() const { return GetKey().id; }

std::string IdTokenSigner::Sign(IdTokenClaims const& claims) const {
  Key const& key = GetKey();
  Poco::JWT::Token token;
  token.setType("JWT");
  token.header().set("kid", key.id);
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
  std::lock_guard<std::mutex> lock(key.mu);
  return key.signer.sign(token, Poco::JWT::Signer::ALGO_RS256);
}

std::string IdTokenSigner::JwksJson() const { return GetKey().jwks; }

std::string IdTokenSigner::PemCertificatesJson() const { return GetKey().pem_certificates; }

}  // namespace gauthflow::mockserver
