// OpenID Connect discovery (OpenID Connect Discovery 1.0 §3) and the JWKS, rebased on this
// server. Field set as in https://accounts.google.com/.well-known/openid-configuration.
#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "oauth/oauth_routes.h"
#include "routes.h"

namespace gauthflow::mockserver {
namespace {

Poco::JSON::Array Strings(std::initializer_list<char const*> values) {
  Poco::JSON::Array array;
  for (char const* value : values) array.add(std::string(value));
  return array;
}

}  // namespace

HttpAnswer HandleOpenIdConfiguration(RouteContext& ctx, Request const& request) {
  if (request.method != "GET") return MethodNotAllowed(request);
  std::string const& base = ctx.base_url;
  Poco::JSON::Object root(Poco::JSON_PRESERVE_KEY_ORDER);
  // OpenID Connect Discovery §3: the same issuer as the id_tokens' iss.
  root.set("issuer", ctx.config.id_token_issuer.empty() ? base : ctx.config.id_token_issuer);
  root.set("authorization_endpoint", base + "/o/oauth2/v2/auth");
  root.set("device_authorization_endpoint", base + "/device/code");
  root.set("token_endpoint", base + "/token");
  root.set("userinfo_endpoint", base + "/v1/userinfo");
  root.set("revocation_endpoint", base + "/revoke");
  root.set("jwks_uri", base + "/oauth2/v3/certs");
  root.set("response_types_supported",
           Strings({"code", "token", "id_token", "code token", "code id_token", "token id_token",
                    "code token id_token", "none"}));
  root.set("subject_types_supported", Strings({"public"}));
  root.set("id_token_signing_alg_values_supported", Strings({"RS256"}));
  root.set("scopes_supported", Strings({"openid", "email", "profile"}));
  root.set("token_endpoint_auth_methods_supported",
           Strings({"client_secret_post", "client_secret_basic"}));
  root.set("claims_supported",
           Strings({"aud", "email", "email_verified", "exp", "family_name", "given_name", "iat",
                    "iss", "name", "picture", "sub"}));
  root.set("code_challenge_methods_supported", Strings({"plain", "S256"}));
  root.set("grant_types_supported",
           Strings({"authorization_code", "refresh_token",
                    "urn:ietf:params:oauth:grant-type:device_code",
                    "urn:ietf:params:oauth:grant-type:jwt-bearer"}));
  std::ostringstream out;
  root.stringify(out, 2);
  HttpAnswer answer = JsonAnswer(200, out.str());
  answer.headers.emplace_back("Cache-Control", "public, max-age=3600");
  return answer;
}

HttpAnswer HandleCerts(RouteContext& ctx, Request const& request) {
  if (request.method != "GET") return MethodNotAllowed(request);
  HttpAnswer answer = JsonAnswer(200, ctx.signer.JwksJson());
  answer.headers.emplace_back("Cache-Control", "public, max-age=3600");
  return answer;
}

HttpAnswer HandleCertsV1(RouteContext& ctx, Request const& request) {
  if (request.method != "GET") return MethodNotAllowed(request);
  HttpAnswer answer = JsonAnswer(200, ctx.signer.PemCertificatesJson());
  answer.headers.emplace_back("Cache-Control", "public, max-age=3600");
  return answer;
}

}  // namespace gauthflow::mockserver
