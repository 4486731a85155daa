#ifndef GAUTHFLOW_TOKEN_INFO_H_
#define GAUTHFLOW_TOKEN_INFO_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gauthflow/error.h"
#include "gauthflow/http_client.h"

namespace gauthflow {

// What Google's tokeninfo endpoint says about an access token
// (https://oauth2.googleapis.com/tokeninfo?access_token=...). Google sends the numbers and
// booleans as JSON strings ("exp": "1764281148", "email_verified": "true"); both spellings are
// read.
struct TokenInfo {
  std::string azp{};        // the client the token was issued to
  std::string aud{};
  std::string sub{};        // the user's stable id
  std::string email{};      // only with the email scope
  std::optional<bool> email_verified{};
  std::vector<std::string> scopes{};  // "scope", split
  std::optional<std::int64_t> exp{};  // seconds since the epoch
  std::optional<std::chrono::seconds> expires_in{};
  std::string access_type{};  // "online" | "offline"
  std::map<std::string, std::string> fields{};  // every member, values as text
};

// Parses a 200 body. kMalformedJson / kInvalidField naming "tokeninfo response".
Result<TokenInfo> ParseTokenInfo(std::string_view body);

// GET `tokeninfo_url`?access_token=TOKEN. A token Google does not know (expired, revoked,
// malformed) is 400 invalid_token: kInvalidToken with Google's description. Transport security
// as CheckTransportSecurity (the URL carries the token).
Result<TokenInfo> GetTokenInfo(HttpClient& http, std::string const& tokeninfo_url,
                               std::string const& access_token,
                               bool allow_insecure_transport = false);

}  // namespace gauthflow

#endif  // GAUTHFLOW_TOKEN_INFO_H_
