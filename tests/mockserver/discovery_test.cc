#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Crypto/EVPPKey.h>
#include <Poco/Crypto/RSAKey.h>
#include <Poco/Crypto/X509Certificate.h>
#include <Poco/DateTime.h>
#include <Poco/JSON/Array.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_support.h"

namespace gauthflow::mockserver::testing {
namespace {

using ::testing::HasSubstr;

std::string Base64UrlDecode(std::string const& text) {
  std::istringstream in(text);
  Poco::Base64Decoder decoder(in, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
  std::string out;
  Poco::StreamCopier::copyToString(decoder, out);
  return out;
}

// An RSA public key from a JWK's n and e (RFC 7518 §6.3.1), through OpenSSL 3's fromdata API.
Poco::SharedPtr<Poco::Crypto::RSAKey> KeyFromJwk(std::string const& n, std::string const& e) {
  std::string n_bytes = Base64UrlDecode(n);
  std::string e_bytes = Base64UrlDecode(e);
  BIGNUM* bn_n = BN_bin2bn(reinterpret_cast<unsigned char const*>(n_bytes.data()),
                           static_cast<int>(n_bytes.size()), nullptr);
  BIGNUM* bn_e = BN_bin2bn(reinterpret_cast<unsigned char const*>(e_bytes.data()),
                           static_cast<int>(e_bytes.size()), nullptr);
  OSSL_PARAM_BLD* builder = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_N, bn_n);
  OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_E, bn_e);
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(builder);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
  EVP_PKEY* pkey = nullptr;
  EVP_PKEY_fromdata_init(ctx);
  EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params);
  Poco::SharedPtr<Poco::Crypto::RSAKey> key = new Poco::Crypto::RSAKey(Poco::Crypto::EVPPKey(pkey));
  EVP_PKEY_free(pkey);
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(builder);
  BN_free(bn_n);
  BN_free(bn_e);
  return key;
}

class Discovery : public ServerTest {};

TEST_F(Discovery, OpenIdConfigurationIsRebasedOnTheServer) {
  HttpResult answer = Get(base_, "/.well-known/openid-configuration");
  ASSERT_EQ(answer.status, 200);
  auto json = answer.Json();
  EXPECT_EQ(json->getValue<std::string>("issuer"), base_);
  EXPECT_EQ(json->getValue<std::string>("authorization_endpoint"), base_ + "/o/oauth2/v2/auth");
  EXPECT_EQ(json->getValue<std::string>("token_endpoint"), base_ + "/token");
  EXPECT_EQ(json->getValue<std::string>("device_authorization_endpoint"), base_ + "/device/code");
  EXPECT_EQ(json->getValue<std::string>("userinfo_endpoint"), base_ + "/v1/userinfo");
  EXPECT_EQ(json->getValue<std::string>("revocation_endpoint"), base_ + "/revoke");
  EXPECT_EQ(json->getValue<std::string>("jwks_uri"), base_ + "/oauth2/v3/certs");
  EXPECT_THAT(answer.body, HasSubstr("\"S256\""));
  EXPECT_THAT(answer.body, HasSubstr("\"client_secret_basic\""));
  for (char const* field : {"response_types_supported", "subject_types_supported",
                            "id_token_signing_alg_values_supported", "scopes_supported",
                            "claims_supported", "grant_types_supported"}) {
    EXPECT_TRUE(json->has(field)) << field;
  }
}

TEST_F(Discovery, IdTokenVerifiesWithThePublishedKey) {
  auto params = DefaultAuthParams("openid email profile");
  params.emplace_back("nonce", "n-0S6_WzA2Mj");
  HttpResult tokens = Exchange(Code(params));
  ASSERT_EQ(tokens.status, 200) << tokens.body;

  HttpResult certs = Get(base_, "/oauth2/v3/certs");
  ASSERT_EQ(certs.status, 200);
  auto key = certs.Json()->getArray("keys")->getObject(0);
  EXPECT_EQ(key->getValue<std::string>("kty"), "RSA");
  EXPECT_EQ(key->getValue<std::string>("alg"), "RS256");
  EXPECT_EQ(key->getValue<std::string>("use"), "sig");

  Poco::JWT::Signer signer(KeyFromJwk(key->getValue<std::string>("n"), key->getValue<std::string>("e")));
  signer.addAlgorithm(Poco::JWT::Signer::ALGO_RS256);
  Poco::JWT::Token token = signer.verify(tokens.Field("id_token"));
  EXPECT_EQ(token.header().getValue<std::string>("kid"), key->getValue<std::string>("kid"));
  EXPECT_EQ(token.getAlgorithm(), "RS256");
  EXPECT_EQ(token.getIssuer(), base_);
  EXPECT_EQ(token.payload().getValue<std::string>("aud"), kClientId);
  EXPECT_EQ(token.payload().getValue<std::string>("azp"), kClientId);
  EXPECT_EQ(token.getSubject().size(), 21u);
  EXPECT_EQ(token.payload().getValue<std::string>("email"), kUser);
  EXPECT_TRUE(token.payload().getValue<bool>("email_verified"));
  EXPECT_EQ(token.payload().getValue<std::string>("nonce"), "n-0S6_WzA2Mj");
  EXPECT_EQ(token.payload().getValue<std::string>("name"), "Alice Example");
  EXPECT_TRUE(token.payload().has("at_hash"));
  EXPECT_EQ(token.getExpiration().epochTime() - token.getIssuedAt().epochTime(), 3600);
  EXPECT_EQ(token.getIssuedAt().epochTime(), 1'800'000'000);  // the injected clock
}

// google-auth's id_token.verify_token reads Google's older {kid: PEM certificate} format.
TEST_F(Discovery, V1CertsPublishTheSameKeyAsPemCertificates) {
  HttpResult tokens = Exchange(Code(DefaultAuthParams("openid email")));
  ASSERT_EQ(tokens.status, 200) << tokens.body;
  HttpResult jwks = Get(base_, "/oauth2/v3/certs");
  std::string kid = jwks.Json()->getArray("keys")->getObject(0)->getValue<std::string>("kid");

  HttpResult certs = Get(base_, "/oauth2/v1/certs");
  ASSERT_EQ(certs.status, 200);
  auto json = certs.Json();
  ASSERT_EQ(json->size(), 1u) << certs.body;
  std::string pem = json->getValue<std::string>(kid);
  EXPECT_THAT(pem, ::testing::StartsWith("-----BEGIN CERTIFICATE-----\n"));
  std::istringstream in(pem);
  Poco::Crypto::X509Certificate certificate(in);
  EXPECT_TRUE(certificate.validFrom() < Poco::DateTime() && Poco::DateTime() < certificate.expiresOn());
  Poco::JWT::Signer signer(new Poco::Crypto::RSAKey(certificate));
  signer.addAlgorithm(Poco::JWT::Signer::ALGO_RS256);
  EXPECT_EQ(signer.verify(tokens.Field("id_token")).payload().getValue<std::string>("aud"), kClientId);
}

TEST_F(Discovery, IdTokenIssuerCanBeGooglesOwn) {
  ServerConfig config = DefaultServerConfig();
  config.id_token_issuer = "https://accounts.google.com";
  StartServer(config);
  HttpResult tokens = Exchange(Code(DefaultAuthParams("openid")));
  ASSERT_EQ(tokens.status, 200) << tokens.body;
  Poco::JWT::Token token(tokens.Field("id_token"));
  EXPECT_EQ(token.getIssuer(), "https://accounts.google.com");
  HttpResult discovery = Get(base_, "/.well-known/openid-configuration");
  EXPECT_EQ(discovery.Json()->getValue<std::string>("issuer"), "https://accounts.google.com");
  // Every endpoint stays on this server.
  EXPECT_EQ(discovery.Json()->getValue<std::string>("token_endpoint"), base_ + "/token");
}

TEST_F(Discovery, PublicUrlIsAdvertisedInsteadOfTheBoundAddress) {
  ServerConfig config = DefaultServerConfig();
  config.public_url = "http://mockserver:8080/";
  StartServer(config);
  // Served where it is bound, advertised where clients reach it (e.g. a container's name).
  HttpResult discovery = Get(base_, "/.well-known/openid-configuration");
  ASSERT_EQ(discovery.status, 200);
  EXPECT_EQ(discovery.Json()->getValue<std::string>("issuer"), "http://mockserver:8080");
  EXPECT_EQ(discovery.Json()->getValue<std::string>("token_endpoint"),
            "http://mockserver:8080/token");
  HttpResult drive = Get(base_, "/discovery/v1/apis/drive/v3/rest");
  ASSERT_EQ(drive.status, 200);
  EXPECT_EQ(drive.Json()->getValue<std::string>("rootUrl"), "http://mockserver:8080/");
  HttpResult tokens = Exchange(Code(DefaultAuthParams("openid")));
  ASSERT_EQ(tokens.status, 200) << tokens.body;
  EXPECT_EQ(Poco::JWT::Token(tokens.Field("id_token")).getIssuer(), "http://mockserver:8080");
}

TEST_F(Discovery, PublicUrlWithAPathIsRefusedAtStart) {
  for (std::string url : {"http://mockserver:8080/prefix", "ftp://mockserver", "not a url",
                          "http://user@mockserver"}) {
    ServerConfig config = DefaultServerConfig();
    config.public_url = url;
    FakeGoogleServer server(config, std::make_shared<ManualClock>());
    auto started = server.Start();
    ASSERT_FALSE(started) << url;
    EXPECT_THAT(started.error().message, ::testing::HasSubstr("--public-url")) << url;
  }
}

}  // namespace
}  // namespace gauthflow::mockserver::testing
