#ifndef GAUTHFLOW_CLI_SRC_API_CALL_H_
#define GAUTHFLOW_CLI_SRC_API_CALL_H_

#include <functional>
#include <string>

#include "stored_credentials.h"

namespace gauthflow::cli {

// Calls an API with the stored token. When the API says the token is no good (401, or
// tokeninfo's invalid_token) although it has not expired by our clock — revoked, or the
// server's clock is ahead — refreshes once and tries again, as google-auth's
// AuthorizedSession does. `stage` tells where a failure came from.
template <typename T>
Result<T> CallWithToken(StoredCredentials& stored,
                        std::function<Result<T>(std::string const& token)> const& call,
                        Stage& stage) {
  stage = Stage::kRefresh;
  auto token = stored.Token();
  if (!token) return tl::unexpected(token.error());
  stage = Stage::kApi;
  auto result = call(token->token);
  if (result || (result.error().code != ErrorCode::kUnauthenticated &&
                 result.error().code != ErrorCode::kInvalidToken)) {
    return result;
  }
  stage = Stage::kRefresh;
  auto fresh = stored.Refresh();
  if (!fresh) return tl::unexpected(fresh.error());
  stage = Stage::kApi;
  return call(fresh->token);
}

}  // namespace gauthflow::cli

#endif  // GAUTHFLOW_CLI_SRC_API_CALL_H_
