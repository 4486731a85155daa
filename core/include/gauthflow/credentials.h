#ifndef GAUTHFLOW_CREDENTIALS_H_
#define GAUTHFLOW_CREDENTIALS_H_

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "gauthflow/endpoints.h"

namespace gauthflow {

// A user's OAuth credentials: what google-auth calls `authorized_user` credentials.
struct Credentials {
  std::string access_token;
  std::optional<std::chrono::system_clock::time_point> expiry;  // absent = unknown
  std::optional<std::string> refresh_token;
  std::vector<std::string> scopes;
  std::string token_uri = kGoogleTokenUri;
  std::string client_id;
  std::string client_secret;
  std::optional<std::string> id_token;
};

}  // namespace gauthflow

#endif  // GAUTHFLOW_CREDENTIALS_H_
