#ifndef GAUTHFLOW_TOKEN_RESPONSE_H_
#define GAUTHFLOW_TOKEN_RESPONSE_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gauthflow/error.h"

namespace gauthflow {

// A successful answer of the token endpoint (RFC 6749 §5.1), with the expiry made absolute.
struct TokenResponse {
  std::string access_token{};
  std::string token_type = "Bearer";
  // now + expires_in at the time of parsing; nullopt ("unknown", as in Credentials::expiry)
  // when the server left expires_in out, which RFC 6749 §5.1 allows (it is RECOMMENDED, and
  // Google always sends it). A caching layer should then treat the token as valid until an API
  // answers 401, as google-auth does for an expiry of None.
  std::optional<std::chrono::system_clock::time_point> expiry{};
  std::optional<std::string> refresh_token{};  // Google sends one only on offline consent
  std::vector<std::string> scopes{};           // as granted (the "scope" field, split); empty
                                               // when the server sent none (RFC 6749 §5.1:
                                               // then identical to the scopes requested)
  std::optional<std::string> id_token{};       // when "openid" was requested
};

// Parses a 2xx body. `access_token` is required; `token_type` must be Bearer when present
// (RFC 6749 §7.1, RFC 6750); `expires_in` may be a number or a numeric string (both are seen in
// the wild) and gives `expiry = now + expires_in`. Errors (kMalformedJson, kMissingField,
// kInvalidField) name "token endpoint response" and the field, never a token.
Result<TokenResponse> ParseTokenResponse(std::string_view body,
                                         std::chrono::system_clock::time_point now);

// Turns a non-2xx answer into an Error: Google's {"error","error_description"} JSON mapped to
// its ErrorCode with Google's message kept (Error::server_error = the `error` string), or a
// non-JSON body reported with its status and a short sanitized excerpt (kServerError for 5xx,
// kUnexpectedResponse otherwise). Error::http_status is always `http_status`. `endpoint` names
// the endpoint in the message ("token endpoint").
Error ParseTokenError(int http_status, std::string_view body, std::string_view endpoint);

}  // namespace gauthflow

#endif  // GAUTHFLOW_TOKEN_RESPONSE_H_
