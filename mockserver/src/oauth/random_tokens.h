#ifndef GAUTHFLOW_MOCKSERVER_OAUTH_RANDOM_TOKENS_H_
#define GAUTHFLOW_MOCKSERVER_OAUTH_RANDOM_TOKENS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gauthflow::mockserver {

// Unguessable strings from OpenSSL's CSPRNG (thread-safe; drawn a block per thread at a time, see
// random_tokens.cc), shaped like Google's so that clients which sniff prefixes behave as they do
// against Google.
std::vector<unsigned char> RandomBytes(std::size_t count);
std::string RandomBase64Url(std::size_t bytes);
std::string NewAccessToken();        // "ya29...."
std::string NewRefreshToken();       // "1//0..."
std::string NewDeviceCode();         // "AH-1Ng..."
std::string NewUserCode();           // "ABCD-EFGH" (no vowels or look-alikes)
std::string NewTransactionId();

// Authorization codes ("4/0A...") are minted by the CodeStore, which can recognise its own.
// Whether `code` has the shape of a code this server issues ("4/0A" + base64url).
bool LooksLikeAuthorizationCode(std::string_view code);

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_OAUTH_RANDOM_TOKENS_H_
