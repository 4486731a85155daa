// The runner's --tls certificate, read back with OpenSSL: self-signed, its own CA, for the
// loopback names, the key private to the user.
#include "conformance/throwaway_certificate.h"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <Poco/TemporaryFile.h>

namespace gauthflow::mockserver::conformance {
namespace {

TEST(ThrowawayCertificate, IsASelfSignedCaForTheLoopbackNames) {
  Poco::TemporaryFile cert_file, key_file;
  ASSERT_TRUE(WriteThrowawayCertificate(cert_file.path(), key_file.path()));
  struct stat key_info {};
  ASSERT_EQ(::stat(key_file.path().c_str(), &key_info), 0);
  EXPECT_EQ(key_info.st_mode & 0777, 0600u);

  std::unique_ptr<FILE, int (*)(FILE*)> in(std::fopen(cert_file.path().c_str(), "r"), std::fclose);
  ASSERT_TRUE(in);
  std::unique_ptr<X509, void (*)(X509*)> cert(PEM_read_X509(in.get(), nullptr, nullptr, nullptr), X509_free);
  ASSERT_TRUE(cert);
  EXPECT_EQ(X509_check_ip_asc(cert.get(), "127.0.0.1", 0), 1);
  EXPECT_EQ(X509_check_ip_asc(cert.get(), "::1", 0), 1);
  EXPECT_EQ(X509_check_host(cert.get(), "localhost", 0, 0, nullptr), 1);
  EXPECT_NE(X509_check_host(cert.get(), "accounts.google.com", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_ca(cert.get()), 1);
  // Signed by its own key.
  EXPECT_EQ(X509_verify(cert.get(), X509_get0_pubkey(cert.get())), 1);
  EXPECT_LT(X509_cmp_current_time(X509_get0_notBefore(cert.get())), 0);
  EXPECT_GT(X509_cmp_current_time(X509_get0_notAfter(cert.get())), 0);

  // Two runs, two certificates.
  Poco::TemporaryFile other_cert, other_key;
  ASSERT_TRUE(WriteThrowawayCertificate(other_cert.path(), other_key.path()));
  std::unique_ptr<FILE, int (*)(FILE*)> other_in(std::fopen(other_cert.path().c_str(), "r"), std::fclose);
  std::unique_ptr<X509, void (*)(X509*)> other(PEM_read_X509(other_in.get(), nullptr, nullptr, nullptr), X509_free);
  ASSERT_TRUE(other);
  EXPECT_NE(X509_cmp(cert.get(), other.get()), 0);
}

TEST(ThrowawayCertificate, AnUnwritablePathIsAnError) {
  auto const made = WriteThrowawayCertificate("/nonexistent/dir/cert.pem", "/nonexistent/dir/key.pem");
  ASSERT_FALSE(made);
  EXPECT_NE(made.error().find("cannot write /nonexistent/dir/key.pem"), std::string::npos) << made.error();
}

}  // namespace
}  // namespace gauthflow::mockserver::conformance
