#include "gauthflow/token_response.h"

#include <array>
#include <utility>

#include <Poco/String.h>

#include "internal/oauth_wire.h"

namespace gauthflow {
namespace {

constexpr std::string_view kSource = "token endpoint response";

// RFC 6749 §5.2 error codes plus Google's additions, and the code a program switches on.
struct OAuthErrorMapping {
  std::string_view error;
  ErrorCode code;
};
constexpr std::array<OAuthErrorMapping, 13> kOAuthErrors{{
    {"invalid_grant", ErrorCode::kInvalidGrant},
    {"invalid_client", ErrorCode::kInvalidClient},
    {"unauthorized_client", ErrorCode::kUnauthorizedClient},
    {"redirect_uri_mismatch", ErrorCode::kRedirectUriMismatch},
    {"invalid_request", ErrorCode::kInvalidRequest},
    {"invalid_scope", ErrorCode::kInvalidScope},
    {"unsupported_grant_type", ErrorCode::kUnsupportedGrantType},
    // RFC 8628 §3.5 (device flow).
    {"access_denied", ErrorCode::kAccessDenied},
    {"expired_token", ErrorCode::kExpiredToken},
    // Google's revocation endpoint answers 400 invalid_token for an unknown, expired or
    // already revoked token (RFC 7009 §2.2.1 lists unsupported_token_type only).
    {"invalid_token", ErrorCode::kInvalidToken},
    // Transient server trouble; google-auth retries these (see TokenClient).
    {"server_error", ErrorCode::kServerError},
    {"temporarily_unavailable", ErrorCode::kServerError},
    {"internal_failure", ErrorCode::kServerError},
    // Anything else (unsupported_token_type, a device-flow state outside the device flow, a
    // code Google adds later) is kUnexpectedResponse, with the string kept in server_error.
}};

ErrorCode CodeForOAuthError(std::string_view error) {
  for (auto const& mapping : kOAuthErrors) {
    if (mapping.error == error) return mapping.code;
  }
  return ErrorCode::kUnexpectedResponse;
}

// What the user can do about it, where Google's own description does not say.
std::string_view HintFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidClient:
      return "check client_id and client_secret in the client secrets file";
    case ErrorCode::kRedirectUriMismatch:
      return "the redirect_uri must equal the one sent in the authorization request";
    case ErrorCode::kInvalidToken:
      return "the token is unknown, expired or already revoked";
    default:
      return {};
  }
}

std::vector<std::string> SplitScopes(std::string_view scope) {
  // RFC 6749 §3.3: space-delimited; tolerate repeated spaces.
  std::vector<std::string> scopes;
  std::size_t pos = 0;
  while (pos < scope.size()) {
    auto end = scope.find(' ', pos);
    if (end == std::string_view::npos) end = scope.size();
    if (end > pos) scopes.emplace_back(scope.substr(pos, end - pos));
    pos = end + 1;
  }
  return scopes;
}

Error NonOAuthError(int http_status, std::string_view body, std::string_view endpoint,
                    std::string_view what) {
  std::string message = std::string(endpoint) + " answered HTTP " + std::to_string(http_status);
  if (body.empty()) {
    message += " with an empty body";
  } else {
    message += " with ";
    message += what;
    auto const excerpt = internal::SafeExcerpt(body);
    if (!excerpt.empty()) message += ": " + excerpt;
  }
  auto const code = http_status >= 500 && http_status <= 599 ? ErrorCode::kServerError
                                                             : ErrorCode::kUnexpectedResponse;
  return Error{code, std::move(message), http_status, {}};
}

}  // namespace

Result<TokenResponse> ParseTokenResponse(std::string_view body,
                                         std::chrono::system_clock::time_point now) {
  auto object = internal::ParseJsonObject(body, kSource);
  if (!object) return tl::unexpected(object.error());
  auto const& json = **object;

  TokenResponse response;
  auto access_token = internal::GetRequiredString(json, "access_token", kSource);
  if (!access_token) return tl::unexpected(access_token.error());
  response.access_token = std::move(*access_token);

  auto token_type = internal::GetOptionalString(json, "token_type", kSource);
  if (!token_type) return tl::unexpected(token_type.error());
  if (token_type->has_value()) {
    // RFC 6749 §7.1: a client must not use a token whose type it does not understand; we send
    // tokens only as "Authorization: Bearer" (RFC 6750), whose type name is case-insensitive.
    if (Poco::icompare(**token_type, std::string("Bearer")) != 0) {
      return MakeError(ErrorCode::kInvalidField,
                       std::string(kSource) + ": field \"token_type\" is \"" +
                           internal::SafeExcerpt(**token_type, 40) +
                           "\"; only Bearer tokens are supported");
    }
    response.token_type = std::move(**token_type);
  }

  auto expires_in = internal::GetOptionalSeconds(json, "expires_in", kSource);
  if (!expires_in) return tl::unexpected(expires_in.error());
  if (expires_in->has_value()) response.expiry = now + **expires_in;

  auto refresh_token = internal::GetOptionalString(json, "refresh_token", kSource);
  if (!refresh_token) return tl::unexpected(refresh_token.error());
  if (refresh_token->has_value() && !(*refresh_token)->empty()) {
    response.refresh_token = std::move(*refresh_token);
  }

  auto scope = internal::GetOptionalString(json, "scope", kSource);
  if (!scope) return tl::unexpected(scope.error());
  if (scope->has_value()) response.scopes = SplitScopes(**scope);

  auto id_token = internal::GetOptionalString(json, "id_token", kSource);
  if (!id_token) return tl::unexpected(id_token.error());
  if (id_token->has_value() && !(*id_token)->empty()) response.id_token = std::move(*id_token);

  return response;
}

Error ParseTokenError(int http_status, std::string_view body, std::string_view endpoint) {
  auto object = internal::ParseJsonObject(body, endpoint);
  if (!object) return NonOAuthError(http_status, body, endpoint, "a non-JSON body");
  auto const& json = **object;

  if (json.isObject("error")) {
    // Google's API error shape {"error": {"code", "message", "status"}}, which its front ends
    // use for some failures even on OAuth endpoints.
    auto const inner = json.getObject("error");
    auto const message = internal::GetOptionalString(*inner, "message", endpoint);
    auto const status = internal::GetOptionalString(*inner, "status", endpoint);
    std::string text = std::string(endpoint) + " answered HTTP " + std::to_string(http_status);
    if (status && status->has_value()) text += " " + internal::SafeExcerpt(**status, 40);
    if (message && message->has_value()) text += ": " + internal::SafeExcerpt(**message, 200);
    auto const code = http_status >= 500 && http_status <= 599 ? ErrorCode::kServerError
                                                               : ErrorCode::kUnexpectedResponse;
    return Error{code, std::move(text), http_status, {}};
  }

  auto const error = internal::GetOptionalString(json, "error", endpoint);
  if (!error || !error->has_value() || (*error)->empty()) {
    return NonOAuthError(http_status, body, endpoint, "JSON without an OAuth \"error\"");
  }
  auto const& error_string = **error;
  auto const code = CodeForOAuthError(error_string);

  // "token endpoint rejected the request (HTTP 400 invalid_grant): Malformed auth code."
  std::string message = std::string(endpoint) + " rejected the request (HTTP " +
                        std::to_string(http_status) + " " +
                        internal::SafeExcerpt(error_string, 60) + ")";
  auto const description = internal::GetOptionalString(json, "error_description", endpoint);
  if (description && description->has_value() && !(*description)->empty()) {
    // Google's descriptions are fixed phrases ("Malformed auth code."); the excerpt still
    // drops control characters and anything shaped like a credential.
    message += ": " + internal::SafeExcerpt(**description, 300);
  }
  if (auto const hint = HintFor(code); !hint.empty()) {
    message += " (";
    message += hint;
    message += ")";
  }
  return Error{code, std::move(message), http_status, error_string};
}

}  // namespace gauthflow
