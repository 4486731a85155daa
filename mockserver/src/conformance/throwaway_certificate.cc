// Written against OpenSSL directly: Poco::Crypto (1.11) reads X.509 certificates but cannot
// make one.
#include "conformance/throwaway_certificate.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace gauthflow::mockserver::conformance {
namespace {

constexpr long kValidBefore = 3600;           // seconds before now: a little clock skew is fine
constexpr long kValidAfter = 2 * 24 * 3600;   // seconds after now: longer than any run

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Certificate = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

std::string OpenSslError(std::string const& what) {
  char text[256] = {};
  ERR_error_string_n(ERR_get_error(), text, sizeof text);
  return what + ": " + text;
}

bool AddExtension(X509* certificate, int nid, char const* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, certificate, certificate, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (!extension) return false;
  bool const added = X509_add_ext(certificate, extension, -1) == 1;
  X509_EXTENSION_free(extension);
  return added;
}

Outcome<std::string> Pem(bool (*write)(BIO*, void const*), void const* object) {
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio || !write(bio.get(), object)) return tl::unexpected(OpenSslError("PEM encoding failed"));
  char* data = nullptr;
  long const size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

Outcome<void> WriteFile(std::string const& path, std::string const& text, mode_t mode) {
  int const fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return tl::unexpected("cannot write " + path + ": " + std::strerror(errno));
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t const n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return tl::unexpected("cannot write " + path + ": " + std::strerror(errno));
    }
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  return {};
}

}  // namespace

Outcome<void> WriteThrowawayCertificate(std::string const& cert_path, std::string const& key_path) {
  Key key(EVP_EC_gen("P-256"));
  if (!key) return tl::unexpected(OpenSslError("no P-256 key"));
  Certificate certificate(X509_new());
  if (!certificate) return tl::unexpected(OpenSslError("no certificate"));
  X509* x = certificate.get();
  // RFC 5280 §4.1.2.2: a positive serial of at most 20 octets; random, so that two runs'
  // certificates never look alike to a client that caches them.
  std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>> serial(BN_new());
  bool ok = serial && BN_rand(serial.get(), 63, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1 &&
            BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(x)) != nullptr &&
            X509_set_version(x, 2) == 1 &&  // v3, for the extensions
            X509_gmtime_adj(X509_getm_notBefore(x), -kValidBefore) != nullptr &&
            X509_gmtime_adj(X509_getm_notAfter(x), kValidAfter) != nullptr &&
            X509_set_pubkey(x, key.get()) == 1;
  X509_NAME* name = X509_get_subject_name(x);
  ok = ok && name &&
       X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                  reinterpret_cast<unsigned char const*>("gauthflow conformance (throwaway)"),
                                  -1, -1, 0) == 1 &&
       X509_set_issuer_name(x, name) == 1;
  // Its own CA, for the loopback names an application may use (RFC 6125: IP addresses in
  // iPAddress entries, names in dNSName entries).
  ok = ok && AddExtension(x, NID_basic_constraints, "critical,CA:TRUE") &&
       AddExtension(x, NID_key_usage, "critical,digitalSignature,keyCertSign") &&
       AddExtension(x, NID_ext_key_usage, "serverAuth") &&
       AddExtension(x, NID_subject_key_identifier, "hash") &&
       AddExtension(x, NID_authority_key_identifier, "keyid:always") &&
       AddExtension(x, NID_subject_alt_name, "IP:127.0.0.1,IP:::1,DNS:localhost");
  ok = ok && X509_sign(x, key.get(), EVP_sha256()) > 0;
  if (!ok) return tl::unexpected(OpenSslError("making the certificate failed"));

  auto const cert_pem = Pem([](BIO* bio, void const* c) {
    return PEM_write_bio_X509(bio, static_cast<X509*>(const_cast<void*>(c))) == 1;
  }, x);
  auto const key_pem = Pem([](BIO* bio, void const* k) {
    return PEM_write_bio_PrivateKey(bio, static_cast<EVP_PKEY*>(const_cast<void*>(k)), nullptr, nullptr, 0,
                                    nullptr, nullptr) == 1;
  }, key.get());
  if (!cert_pem) return tl::unexpected(cert_pem.error());
  if (!key_pem) return tl::unexpected(key_pem.error());
  if (auto written = WriteFile(key_path, *key_pem, 0600); !written) return written;
  return WriteFile(cert_path, *cert_pem, 0644);
}

}  // namespace gauthflow::mockserver::conformance
