// The token endpoint: POST https://oauth2.googleapis.com/token (legacy /oauth2/v4/token).
// Errors follow RFC 6749 §5.2 with Google's descriptions (see GOOGLE-OAUTH-FACTS.md).
#include <algorithm>
#include <cstdint>

#include "oauth/oauth_routes.h"
#include "oauth/pkce.h"
#include "oauth/random_tokens.h"
#include "oauth/scopes.h"
#include "routes.h"

namespace gauthflow::mockserver {
namespace {

constexpr char kFormType[] = "application/x-www-form-urlencoded";

HttpAnswer Error(int status, std::string const& error, std::string const& description) {
  HttpAnswer answer = OAuthError(status, error, description);
  AddNoStoreHeaders(answer);
  return answer;
}

HttpAnswer MissingParameter(std::string const& name) {
  return Error(400, "invalid_request", "Missing required parameter: " + name);
}

bool AllowsGrant(ClientConfig const& client, std::string const& grant) {
  return client.allowed_grants.empty() ||
         std::find(client.allowed_grants.begin(), client.allowed_grants.end(), grant) !=
             client.allowed_grants.end();
}

bool HasScope(std::vector<std::string> const& scopes, std::string const& scope) {
  return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

// RFC 6749 §2.3.1: client_id/client_secret in the body, or HTTP Basic. An error answer when
// the client cannot be authenticated.
struct ClientAuthentication {
  std::shared_ptr<ClientConfig const> client;
  std::optional<HttpAnswer> error;
};

ClientAuthentication AuthenticateClient(RouteContext& ctx, Request const& request) {
  ClientAuthentication out;
  auto basic = ParseBasicAuthorization(request.authorization);
  std::string id = basic ? basic->id : GetParam(request.form, "client_id");
  auto secret = basic ? std::optional<std::string>(basic->secret)
                      : FindParam(request.form, "client_secret");
  if (id.empty()) {
    out.error = Error(400, "invalid_request", "Could not determine client ID from request.");
    return out;
  }
  out.client = ctx.directory.FindClient(id);
  if (!out.client) {
    out.error = Error(401, "invalid_client", "The OAuth client was not found.");
  } else if (!secret || secret->empty()) {
    // Google requires the secret of installed ("Desktop") clients too, PKCE or not.
    out.error = Error(400, "invalid_request", "client_secret is missing.");
  } else if (*secret != out.client->secret) {
    out.error = Error(401, "invalid_client", "Unauthorized");
  }
  if (out.error && out.error->status == 401 && basic) {
    // RFC 6749 §5.2: a failed Basic authentication answers with the scheme it used.
    out.error->headers.emplace_back("WWW-Authenticate", "Basic realm=\"oauth2.googleapis.com\"");
  }
  return out;
}

// Issues an access token on `grant` (and an id_token when openid was granted) and answers in
// Google's shape. `with_refresh` puts the grant's refresh token in the answer.
HttpAnswer TokenAnswer(RouteContext& ctx, std::shared_ptr<Grant> const& grant, bool with_refresh,
                       std::string const& nonce, std::vector<std::string> const& scopes) {
  TimePoint now = ctx.clock.Now();
  std::string access_token = ctx.tokens.IssueAccessToken(grant, now + kAccessTokenLifetime);
  FlatJsonObject root;
  root.Add("access_token", access_token);
  root.Add("expires_in", static_cast<std::int64_t>(kAccessTokenLifetime.count()));
  if (with_refresh && !grant->refresh_token.empty()) root.Add("refresh_token", grant->refresh_token);
  root.Add("scope", JoinScopes(scopes));
  root.Add("token_type", "Bearer");
  if (HasScope(scopes, "openid")) {
    if (auto user = ctx.directory.FindUser(grant->user_email)) {
      IdTokenClaims claims;
      claims.issuer = ctx.config.id_token_issuer.empty() ? ctx.base_url : ctx.config.id_token_issuer;
      claims.client_id = grant->client_id;
      claims.user = *user;
      claims.scopes = scopes;
      claims.access_token = access_token;
      claims.nonce = nonce;
      claims.issued_at = now;
      root.Add("id_token", ctx.signer.Sign(claims));
    }
  }
  HttpAnswer answer = JsonAnswer(200, root.Take());
  AddNoStoreHeaders(answer);
  return answer;
}

// RFC 6749 §4.1.2: a code used twice SHOULD revoke the tokens issued from it. Google does not
// document what it does; the fake revokes, which makes the reuse visible to the client.
// `first_grant` is null when the code's tombstone was dropped: its grant was revoked already.
HttpAnswer ReusedCode(RouteContext& ctx, ClientConfig const& client,
                      std::shared_ptr<Grant> const& first_grant) {
  if (first_grant) ctx.tokens.RevokeGrant(first_grant);
  ctx.violations.Add(Violation{"reused_code", client.id, "an authorization code was redeemed twice",
                               ctx.clock.Now()});
  return Error(400, "invalid_grant", "Bad Request");
}

HttpAnswer AuthorizationCodeGrant(RouteContext& ctx, Request const& request,
                                  ClientConfig const& client) {
  auto code = FindParam(request.form, "code");
  if (!code || code->empty()) return MissingParameter("code");
  auto redirect_uri = FindParam(request.form, "redirect_uri");
  if (!redirect_uri) return MissingParameter("redirect_uri");

  if (!LooksLikeAuthorizationCode(*code)) return Error(400, "invalid_grant", "Malformed auth code.");
  auto record = ctx.codes.Find(*code);
  if (!record) {
    // Not held: made up (or from before a reset), expired and swept, or redeemed and forgotten
    // once its grant was revoked (CodeStore). The code itself says which.
    auto issued_expiry = ctx.codes.IssuedExpiry(*code);
    if (!issued_expiry) return Error(400, "invalid_grant", "Malformed auth code.");
    if (*issued_expiry <= ctx.clock.Now()) return Error(400, "invalid_grant", "Bad Request");
    return ReusedCode(ctx, client, nullptr);
  }
  if (record->used()) return ReusedCode(ctx, client, record->grant);
  if (record->expiry <= ctx.clock.Now()) return Error(400, "invalid_grant", "Bad Request");
  AuthRequest const& auth = record->authorization->request;
  std::string const& user_email = record->authorization->user_email;
  if (auth.client_id != client.id) {
    return Error(400, "invalid_grant", "Bad Request");  // RFC 6749 §4.1.3: bound to the client
  }
  if (auth.redirect_uri != *redirect_uri) {
    return Error(400, "redirect_uri_mismatch", "Bad Request");  // RFC 6749 §4.1.3
  }
  if (!auth.code_challenge_method.empty()) {
    auto verifier = FindParam(request.form, "code_verifier");
    if (!verifier || verifier->empty()) return Error(400, "invalid_grant", "Missing code verifier.");
    if (!IsValidPkceString(*verifier) ||
        !PkceMatches(auth.code_challenge_method, auth.code_challenge, *verifier)) {
      return Error(400, "invalid_grant", "Invalid code verifier.");
    }
  }
  // Claim first, so that of two concurrent redemptions only the winner touches the
  // refresh-token bookkeeping.
  if (!ctx.codes.Claim(*code)) return Error(400, "invalid_grant", "Bad Request");
  bool refresh = auth.offline && ctx.consents.ClaimRefreshToken(client.id, user_email,
                                                             auth.prompt_consent);
  auto grant = ctx.tokens.NewGrant(client.id, user_email, auth.scopes, auth.offline, refresh);
  ctx.codes.AttachGrant(*code, grant);
  return TokenAnswer(ctx, grant, refresh, auth.nonce, auth.scopes);
}

HttpAnswer RefreshTokenGrant(RouteContext& ctx, Request const& request, ClientConfig const& client) {
  auto refresh_token = FindParam(request.form, "refresh_token");
  if (!refresh_token || refresh_token->empty()) return MissingParameter("refresh_token");
  auto grant = ctx.tokens.LiveRefreshToken(*refresh_token);
  if (!grant) return Error(400, "invalid_grant", "Token has been expired or revoked.");
  if (grant->client_id != client.id) return Error(401, "unauthorized_client", "Unauthorized");
  // RFC 6749 §6: an optional narrower scope; anything beyond the grant is invalid_scope.
  std::vector<std::string> scopes = grant->scopes;
  if (auto requested = FindParam(request.form, "scope"); requested && !requested->empty()) {
    scopes.clear();
    for (auto const& scope : SplitScopes(*requested)) {
      std::string normalized = NormalizeScope(scope);
      if (!HasScope(grant->scopes, normalized)) {
        return Error(400, "invalid_scope", "Bad Request");
      }
      scopes.push_back(normalized);
    }
  }
  // The refresh answer leaves out refresh_token; clients keep the one they have.
  return TokenAnswer(ctx, grant, /*with_refresh=*/false, "", scopes);
}

HttpAnswer DeviceCodeGrant(RouteContext& ctx, Request const& request, ClientConfig const& client) {
  auto device_code = FindParam(request.form, "device_code");
  if (!device_code || device_code->empty()) return MissingParameter("device_code");
  DevicePoll poll = ctx.devices.Poll(*device_code, client.id);
  // RFC 8628 §3.5. Google answers these with varying statuses (428 for authorization_pending has
  // been observed); clients must read the error field.
  switch (poll.outcome) {
    case DevicePollOutcome::kUnknown:
    case DevicePollOutcome::kWrongClient:
    case DevicePollOutcome::kRedeemed:
      return Error(400, "invalid_grant", "Bad Request");
    case DevicePollOutcome::kExpired:
      return Error(400, "expired_token", "Expired");
    case DevicePollOutcome::kPending:
      return Error(428, "authorization_pending", "Precondition Required");
    case DevicePollOutcome::kSlowDown:
      return Error(403, "slow_down", "Forbidden");
    case DevicePollOutcome::kDenied:
      return Error(403, "access_denied", "Forbidden");
    case DevicePollOutcome::kApproved:
      break;
  }
  // Device-flow grants are offline: Google returns a refresh token with every approval.
  auto grant = ctx.tokens.NewGrant(client.id, poll.record.user_email, poll.record.scopes, true, true);
  return TokenAnswer(ctx, grant, /*with_refresh=*/true, "", poll.record.scopes);
}

}  // namespace

HttpAnswer HandleToken(RouteContext& ctx, Request const& request) {
  if (request.method != "POST") return MethodNotAllowed(request);
  if (request.content_type.rfind(kFormType, 0) != 0) {
    // RFC 6749 §4.1.3: the body is application/x-www-form-urlencoded.
    return Error(400, "invalid_request", "Bad Request");
  }
  auto grant_type = FindParam(request.form, "grant_type");
  if (!grant_type || grant_type->empty()) return MissingParameter("grant_type");
  if (*grant_type != kGrantAuthorizationCode && *grant_type != kGrantRefreshToken &&
      *grant_type != kGrantDeviceCode) {
    return Error(400, "unsupported_grant_type", "Invalid grant_type: " + *grant_type);
  }
  ClientAuthentication auth = AuthenticateClient(ctx, request);
  if (auth.error) return *auth.error;
  ClientConfig const& client = *auth.client;
  if (!AllowsGrant(client, *grant_type)) return Error(401, "unauthorized_client", "Unauthorized");
  if (*grant_type == kGrantAuthorizationCode) return AuthorizationCodeGrant(ctx, request, client);
  if (*grant_type == kGrantRefreshToken) return RefreshTokenGrant(ctx, request, client);
  return DeviceCodeGrant(ctx, request, client);
}

}  // namespace gauthflow::mockserver
