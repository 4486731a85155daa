#include "oauth/pkce.h"

#include "oauth/digest.h"

namespace gauthflow::mockserver {

bool IsValidPkceString(std::string_view value) {
  if (value.size() < 43 || value.size() > 128) return false;
  for (char c : value) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.' || c == '_' || c == '~';
    if (!ok) return false;
  }
  return true;
}

bool PkceMatches(std::string_view method, std::string_view challenge, std::string_view verifier) {
  if (method == "plain") return challenge == verifier;
  if (method == "S256") return Base64UrlNoPadding(Sha256(verifier)) == challenge;
  return false;
}

}  // namespace gauthflow::mockserver
