// BuildAuthorizationUrl with fuzzed fields. It must not crash, and a URL it builds must parse
// (Poco::URI) back to the auth_uri's own parameters followed by exactly the request's.
// Input, one field a line (the last one takes the rest, newlines included):
//   flags        letters: p = prompt set, l = login_hint set, i / I = include_granted_scopes
//                true / false
//   auth_uri, client_id, redirect_uri,
//   scopes       comma-separated (so that a scope may contain spaces)
//   state, code_challenge, code_challenge_method, access_type, prompt, login_hint

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz_support.h"
#include "gauthflow/authorization_request.h"
#include "gauthflow/scopes.h"

namespace {

using gauthflow::fuzz::Check;
using Parameters = std::vector<std::pair<std::string, std::string>>;

std::vector<std::string> SplitCommas(std::string_view text) {
  std::vector<std::string> items;
  if (text.empty()) return items;
  while (true) {
    auto const comma = text.find(',');
    items.emplace_back(text.substr(0, comma));
    if (comma == std::string_view::npos) return items;
    text.remove_prefix(comma + 1);
  }
}

Parameters ExpectedParameters(gauthflow::AuthorizationRequest const& request) {
  Parameters params = Poco::URI(request.auth_uri).getQueryParameters();
  params.emplace_back("client_id", request.client_id);
  params.emplace_back("redirect_uri", request.redirect_uri);
  params.emplace_back("response_type", "code");
  params.emplace_back("scope", gauthflow::JoinScopes(gauthflow::ExpandScopes(request.scopes)));
  params.emplace_back("state", request.state);
  if (!request.code_challenge.empty()) {
    params.emplace_back("code_challenge", request.code_challenge);
    params.emplace_back("code_challenge_method", request.code_challenge_method);
  }
  params.emplace_back("access_type", request.access_type);
  if (request.prompt) params.emplace_back("prompt", *request.prompt);
  if (request.login_hint) params.emplace_back("login_hint", *request.login_hint);
  if (request.include_granted_scopes) {
    params.emplace_back("include_granted_scopes", *request.include_granted_scopes ? "true" : "false");
  }
  return params;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  auto const fields = gauthflow::fuzz::SplitFields(gauthflow::fuzz::AsText(data, size), 11);
  std::string_view const flags = fields[0];
  gauthflow::AuthorizationRequest request;
  request.auth_uri = std::string(fields[1]);
  request.client_id = std::string(fields[2]);
  request.redirect_uri = std::string(fields[3]);
  request.scopes = SplitCommas(fields[4]);
  request.state = std::string(fields[5]);
  request.code_challenge = std::string(fields[6]);
  request.code_challenge_method = std::string(fields[7]);
  request.access_type = std::string(fields[8]);
  if (flags.find('p') != std::string_view::npos) request.prompt = std::string(fields[9]);
  if (flags.find('l') != std::string_view::npos) request.login_hint = std::string(fields[10]);
  if (flags.find('i') != std::string_view::npos) request.include_granted_scopes = true;
  if (flags.find('I') != std::string_view::npos) request.include_granted_scopes = false;

  auto const url = gauthflow::BuildAuthorizationUrl(request);
  if (!url) {
    Check(url.error().code == gauthflow::ErrorCode::kInvalidArgument);
    return 0;
  }
  Poco::URI parsed;
  Parameters actual;
  try {
    parsed = Poco::URI(*url);
    actual = parsed.getQueryParameters();
  } catch (Poco::Exception const&) {
    Check(false);  // the builder made a URL that does not parse
  }
  Check(parsed.getHost() == Poco::URI(request.auth_uri).getHost());
  Check(actual == ExpectedParameters(request));
  return 0;
}
