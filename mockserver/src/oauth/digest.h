#ifndef GAUTHFLOW_MOCKSERVER_OAUTH_DIGEST_H_
#define GAUTHFLOW_MOCKSERVER_OAUTH_DIGEST_H_

#include <string>
#include <string_view>
#include <vector>

namespace gauthflow::mockserver {

std::vector<unsigned char> Sha256(std::string_view data);
// RFC 4648 §5 base64url without padding (as RFC 7636 and RFC 7517 use it).
std::string Base64UrlNoPadding(std::vector<unsigned char> const& bytes);

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_OAUTH_DIGEST_H_
