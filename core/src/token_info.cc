#include "gauthflow/token_info.h"

#include <sstream>
#include <utility>

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/NumberParser.h>

#include "gauthflow/endpoints.h"
#include "gauthflow/scopes.h"
#include "gauthflow/token_response.h"
#include "internal/oauth_wire.h"

namespace gauthflow {
namespace {

constexpr char kSource[] = "tokeninfo response";

std::string Text(Poco::Dynamic::Var const& value) {
  if (value.isString()) return value.extract<std::string>();
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(value, out, 0);
  return out.str();
}

// A number sent as a JSON number or as a numeric string (Google's tokeninfo does the latter).
Result<std::optional<std::int64_t>> Integer(std::map<std::string, std::string> const& fields,
                                            std::string const& key) {
  auto it = fields.find(key);
  if (it == fields.end() || it->second == "null") return std::optional<std::int64_t>{};
  Poco::Int64 value = 0;
  if (!Poco::NumberParser::tryParse64(it->second, value)) {
    return MakeError(ErrorCode::kInvalidField, std::string(kSource) + ": field \"" + key +
                                                   "\" must be a whole number");
  }
  return std::optional<std::int64_t>(value);
}

}  // namespace

Result<TokenInfo> ParseTokenInfo(std::string_view body) {
  auto root = internal::ParseJsonObject(body, kSource);
  if (!root) return tl::unexpected(root.error());
  TokenInfo info;
  for (auto const& [key, value] : **root) {
    if (value.isEmpty()) continue;
    info.fields.emplace(key, Text(value));
  }
  auto const get = [&](char const* key) {
    auto it = info.fields.find(key);
    return it == info.fields.end() ? std::string() : it->second;
  };
  info.azp = get("azp");
  info.aud = get("aud");
  info.sub = get("sub");
  info.email = get("email");
  info.access_type = get("access_type");
  info.scopes = SplitScopes(get("scope"));
  if (auto verified = get("email_verified"); !verified.empty()) {
    if (verified != "true" && verified != "false") {
      return MakeError(ErrorCode::kInvalidField,
                       std::string(kSource) + ": field \"email_verified\" must be true or false");
    }
    info.email_verified = verified == "true";
  }
  auto exp = Integer(info.fields, "exp");
  if (!exp) return tl::unexpected(exp.error());
  info.exp = *exp;
  auto expires_in = Integer(info.fields, "expires_in");
  if (!expires_in) return tl::unexpected(expires_in.error());
  if (*expires_in) info.expires_in = std::chrono::seconds(**expires_in);
  return info;
}

Result<TokenInfo> GetTokenInfo(HttpClient& http, std::string const& tokeninfo_url,
                               std::string const& access_token, bool allow_insecure_transport) {
  if (access_token.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "tokeninfo: the access token is empty");
  }
  if (auto ok = CheckTransportSecurity(tokeninfo_url, "tokeninfo endpoint",
                                       allow_insecure_transport);
      !ok) {
    return tl::unexpected(ok.error());
  }
  HttpRequest request;
  request.method = "GET";
  request.url = tokeninfo_url +
                (tokeninfo_url.find('?') == std::string::npos ? "?" : "&") +
                internal::EncodeForm({{"access_token", access_token}});
  request.headers.emplace_back("Accept", "application/json");
  auto response = http.Send(request);
  if (!response) return tl::unexpected(response.error());
  if (response->status < 200 || response->status > 299) {
    return tl::unexpected(ParseTokenError(response->status, response->body, "tokeninfo endpoint"));
  }
  return ParseTokenInfo(response->body);
}

}  // namespace gauthflow
