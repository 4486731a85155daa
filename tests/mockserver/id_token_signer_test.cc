// The id_token signer makes its RSA key on first use (not at start): one key however many first
// uses race, the same key behind every token, the JWKS and the certificates, and a failed
// generation retried by the next use.

#include <atomic>
#include <latch>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <Poco/Crypto/RSAKey.h>
#include <Poco/Crypto/X509Certificate.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>
#include <gtest/gtest.h>

#include "oauth/id_token_signer.h"

namespace gauthflow::mockserver {
namespace {

IdTokenClaims Claims(std::string nonce) {
  IdTokenClaims claims;
  claims.issuer = "http://127.0.0.1:1";
  claims.client_id = "client.apps.googleusercontent.com";
  claims.user.sub = "100000000000000000001";
  claims.user.email = "alice@example.com";
  claims.nonce = std::move(nonce);
  claims.issued_at = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));
  return claims;
}

std::string KidOfJwks(std::string const& jwks) {
  Poco::JSON::Parser parser;
  auto const root = parser.parse(jwks).extract<Poco::JSON::Object::Ptr>();
  return root->getArray("keys")->getObject(0)->getValue<std::string>("kid");
}

// `token` verified with the key the /oauth2/v1/certs document publishes under `kid` (throws
// Poco::JWT::SignatureVerificationException when it does not verify).
Poco::JWT::Token Verify(std::string const& certificates_json, std::string const& kid, std::string const& token) {
  Poco::JSON::Parser parser;
  auto const root = parser.parse(certificates_json).extract<Poco::JSON::Object::Ptr>();
  std::istringstream pem(root->getValue<std::string>(kid));
  Poco::Crypto::X509Certificate const certificate(pem);
  Poco::JWT::Signer verifier(new Poco::Crypto::RSAKey(certificate));
  verifier.addAlgorithm(Poco::JWT::Signer::ALGO_RS256);
  return verifier.verify(token);
}

TEST(IdTokenSigner, MakesNoKeyUntilFirstUse) {
  std::atomic<int> generated{0};
  IdTokenSigner const signer([&] {
    ++generated;
    return IdTokenSigner::GenerateRsaKey();
  });
  EXPECT_EQ(generated.load(), 0);
  std::string const jwks = signer.JwksJson();
  EXPECT_EQ(generated.load(), 1);
  std::string const token = signer.Sign(Claims("n-1"));
  std::string const certificates = signer.PemCertificatesJson();
  EXPECT_EQ(signer.key_id(), KidOfJwks(jwks));
  EXPECT_EQ(generated.load(), 1);
  Poco::JWT::Token const verified = Verify(certificates, signer.key_id(), token);
  EXPECT_EQ(verified.header().getValue<std::string>("kid"), signer.key_id());
  EXPECT_EQ(verified.payload().getValue<std::string>("nonce"), "n-1");
}

TEST(IdTokenSigner, RacingFirstUsesMakeOneKey) {
  std::atomic<int> generated{0};
  IdTokenSigner const signer([&] {
    ++generated;
    return IdTokenSigner::GenerateRsaKey();
  });
  constexpr int kThreads = 8;
  std::latch start(kThreads);
  std::vector<std::string> tokens(kThreads);
  std::vector<std::string> kids(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();  // every thread reaches the signer before any has a key
      // Each kind of first use: a token, the JWKS, the certificates, the kid.
      switch (i % 4) {
        case 0: tokens[i] = signer.Sign(Claims("n-" + std::to_string(i))); break;
        case 1: kids[i] = KidOfJwks(signer.JwksJson()); break;
        case 2: signer.PemCertificatesJson(); break;
        default: kids[i] = signer.key_id(); break;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(generated.load(), 1);
  std::string const kid = signer.key_id();
  std::string const certificates = signer.PemCertificatesJson();
  for (int i = 0; i < kThreads; ++i) {
    if (!kids[i].empty()) {
      EXPECT_EQ(kids[i], kid) << "thread " << i;
    }
    if (!tokens[i].empty()) {
      EXPECT_EQ(Verify(certificates, kid, tokens[i]).header().getValue<std::string>("kid"), kid) << "thread " << i;
    }
  }
}

TEST(IdTokenSigner, FailedGenerationIsRetriedByTheNextUse) {
  std::atomic<int> generated{0};
  IdTokenSigner const signer([&] {
    if (++generated == 1) throw std::runtime_error("no entropy today");
    return IdTokenSigner::GenerateRsaKey();
  });
  EXPECT_THROW(signer.Sign(Claims("")), std::runtime_error);
  std::string const jwks = signer.JwksJson();
  EXPECT_EQ(generated.load(), 2);
  EXPECT_EQ(KidOfJwks(jwks), signer.key_id());
  EXPECT_EQ(generated.load(), 2);
}

TEST(IdTokenSigner, EachSignerHasItsOwnKey) {
  IdTokenSigner const first;
  IdTokenSigner const second;
  EXPECT_EQ(first.key_id().size(), 40U);
  EXPECT_NE(first.key_id(), second.key_id());
}

}  // namespace
}  // namespace gauthflow::mockserver
