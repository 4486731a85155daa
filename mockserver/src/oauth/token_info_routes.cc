// Revocation, tokeninfo and userinfo.
// developers.google.com/identity/protocols/oauth2/native-app#tokenrevoke
#include <algorithm>
#include <chrono>
#include <sstream>

#include <Poco/JSON/Object.h>

#include "oauth/oauth_routes.h"
#include "routes.h"

namespace gauthflow::mockserver {
namespace {

constexpr char kEmailScope[] = "https://www.googleapis.com/auth/userinfo.email";
constexpr char kProfileScope[] = "https://www.googleapis.com/auth/userinfo.profile";

bool HasScope(std::vector<std::string> const& scopes, char const* scope) {
  return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

std::string Serialize(Poco::JSON::Object const& object) {
  std::ostringstream out;
  object.stringify(out, 2);
  return out.str();
}

std::string JoinScopesOf(std::vector<std::string> const& scopes) {
  std::string out;
  for (auto const& scope : scopes) out += (out.empty() ? "" : " ") + scope;
  return out;
}

}  // namespace

HttpAnswer HandleRevoke(RouteContext& ctx, Request const& request) {
  // Google's revoke endpoint only answers POST; a GET gets 404 (GOOGLE-OAUTH-FACTS.md).
  if (request.method != "POST") return NotFound(request);
  auto token = FindParam(request.form, "token");
  if (!token) token = FindParam(request.query, "token");
  if (!token || token->empty()) {
    return OAuthError(400, "invalid_request", "Missing required parameter: token");
  }
  if (!ctx.tokens.Revoke(*token)) {
    return OAuthError(400, "invalid_token", "Token expired or revoked");
  }
  return JsonAnswer(200, "{}");
}

HttpAnswer HandleTokenInfo(RouteContext& ctx, Request const& request) {
  if (request.method != "GET" && request.method != "POST") return MethodNotAllowed(request);
  auto token = FindParam(request.query, "access_token");
  if (!token) token = FindParam(request.form, "access_token");
  auto record = token ? ctx.tokens.LiveAccessToken(*token) : std::nullopt;
  if (!record) return OAuthError(400, "invalid_token", "Invalid Value");
  Grant const& grant = *record->grant;
  auto now = ctx.clock.Now();
  auto exp = std::chrono::duration_cast<std::chrono::seconds>(record->expiry.time_since_epoch());
  auto left = std::chrono::duration_cast<std::chrono::seconds>(record->expiry - now);
  auto user = ctx.directory.FindUser(grant.user_email);
  // Google's tokeninfo answers numbers and booleans as strings.
  Poco::JSON::Object root(Poco::JSON_PRESERVE_KEY_ORDER);
  root.set("azp", grant.client_id);
  root.set("aud", grant.client_id);
  root.set("sub", user ? user->sub : SubjectForEmail(grant.user_email));
  root.set("scope", JoinScopesOf(grant.scopes));
  root.set("exp", std::to_string(exp.count()));
  root.set("expires_in", std::to_string(std::max<std::int64_t>(0, left.count())));
  if (HasScope(grant.scopes, kEmailScope)) {
    root.set("email", grant.user_email);
    root.set("email_verified", "true");
  }
  root.set("access_type", grant.offline ? "offline" : "online");
  return JsonAnswer(200, Serialize(root));
}

HttpAnswer HandleUserInfo(RouteContext& ctx, Request const& request) {
  if (request.method != "GET" && request.method != "POST") return MethodNotAllowed(request);
  auto token = ParseBearerAuthorization(request.authorization);
  auto record = token ? ctx.tokens.LiveAccessToken(*token) : std::nullopt;
  auto user = record ? ctx.directory.FindUser(record->grant->user_email) : nullptr;
  if (!user) {
    HttpAnswer answer = OAuthError(401, "invalid_request", "Invalid Credentials");
    // RFC 6750 §3.
    answer.headers.emplace_back(
        "WWW-Authenticate",
        token ? "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\""
              : "Bearer realm=\"https://accounts.google.com/\"");
    return answer;
  }
  auto const& scopes = record->grant->scopes;
  Poco::JSON::Object root(Poco::JSON_PRESERVE_KEY_ORDER);
  root.set("sub", user->sub);
  if (HasScope(scopes, kProfileScope)) {
    root.set("name", user->name);
    if (!user->given_name.empty()) root.set("given_name", user->given_name);
    if (!user->family_name.empty()) root.set("family_name", user->family_name);
    if (!user->picture.empty()) root.set("picture", user->picture);
  }
  if (HasScope(scopes, kEmailScope)) {
    root.set("email", user->email);
    root.set("email_verified", true);
  }
  return JsonAnswer(200, Serialize(root));
}

}  // namespace gauthflow::mockserver
