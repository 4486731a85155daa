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
  std::string access_token;
  std::string token_type = "Bearer";
  std::chrono::system_clock::time_point expiry;  // now + expires_in at the time of parsing
  std::optional<std::string> refresh_token;      // Google sends one only on offline consent
  std::vector<std::string> scopes;               // as granted (the "scope" field, split)
  std::optional<std::string> id_token;           // when "openid" was requested
};

// Parses a 200 body. `expires_in` may be a number or a numeric string (both are seen in the
// wild); the expiry is `now + expires_in`.
Result<TokenResponse> ParseTokenResponse(std::string_view body,
                                         std::chrono::system_clock::time_point now);

// Turns a non-2xx answer into an Error: Google's {"error","error_description"} JSON mapped to
// its ErrorCode with Google's message kept, or a non-JSON body reported with its status.
Error ParseTokenError(int http_status, std::string_view body, std::string_view endpoint);

}  // namespace gauthflow

#endif  // GAUTHFLOW_TOKEN_RESPONSE_H_
