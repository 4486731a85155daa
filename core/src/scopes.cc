#include "gauthflow/scopes.h"

#include <algorithm>
#include <array>

namespace gauthflow {
namespace {

// OpenID Connect Core §5.4 scope values that Google accepts in their short form.
constexpr std::array<std::string_view, 3> kOpenIdScopes = {"openid", "email", "profile"};

// Google's token and tokeninfo answers list "email" and "profile" as the userinfo URLs, so a
// request for one is satisfied by the other.
std::string Canonical(std::string_view scope) {
  if (scope == "email") return std::string(kGoogleScopePrefix) + "userinfo.email";
  if (scope == "profile") return std::string(kGoogleScopePrefix) + "userinfo.profile";
  return ExpandScope(scope);
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

std::string ExpandScope(std::string_view scope) {
  if (scope.empty() || scope.find("://") != std::string_view::npos ||
      std::find(kOpenIdScopes.begin(), kOpenIdScopes.end(), scope) != kOpenIdScopes.end()) {
    return std::string(scope);
  }
  return std::string(kGoogleScopePrefix) + std::string(scope);
}

std::vector<std::string> ExpandScopes(std::vector<std::string> const& scopes) {
  std::vector<std::string> out;
  out.reserve(scopes.size());
  for (auto const& scope : scopes) out.push_back(ExpandScope(scope));
  return out;
}

std::vector<std::string> SplitScopes(std::string_view scopes) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < scopes.size()) {
    while (i < scopes.size() && IsSpace(scopes[i])) ++i;
    std::size_t const start = i;
    while (i < scopes.size() && !IsSpace(scopes[i])) ++i;
    if (i > start) out.emplace_back(scopes.substr(start, i - start));
  }
  return out;
}

std::string JoinScopes(std::vector<std::string> const& scopes) {
  std::string out;
  for (auto const& scope : scopes) {
    if (scope.empty()) continue;
    if (!out.empty()) out += ' ';
    out += scope;
  }
  return out;
}

std::vector<std::string> MissingScopes(std::vector<std::string> const& asked,
                                       std::vector<std::string> const& granted) {
  std::vector<std::string> have;
  have.reserve(granted.size());
  for (auto const& scope : granted) have.push_back(Canonical(scope));
  std::vector<std::string> missing;
  std::vector<std::string> seen;
  for (auto const& scope : asked) {
    if (scope.empty()) continue;
    auto canonical = Canonical(scope);
    if (std::find(seen.begin(), seen.end(), canonical) != seen.end()) continue;
    if (std::find(have.begin(), have.end(), canonical) == have.end()) missing.push_back(scope);
    seen.push_back(std::move(canonical));
  }
  return missing;
}

}  // namespace gauthflow
