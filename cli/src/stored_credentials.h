#ifndef GAUTHFLOW_CLI_SRC_STORED_CREDENTIALS_H_
#define GAUTHFLOW_CLI_SRC_STORED_CREDENTIALS_H_

#include <memory>
#include <string>

#include "context.h"
#include "gauthflow/credentials_store.h"
#include "gauthflow/token_client.h"
#include "gauthflow/token_source.h"

namespace gauthflow::cli {

// The credentials file as a source of access tokens: the stored token while it is valid (with
// google-auth's 3 min 45 s slack), else a refresh through the token endpoint, after which the
// new credentials are saved (atomically, 0600) so that the next run reuses them.
class StoredCredentials {
 public:
  // Loads --credentials. FileCredentialsStore's errors (kFileNotFound: not logged in).
  static Result<std::unique_ptr<StoredCredentials>> Open(Context& ctx, HttpClient& http);

  Result<AccessToken> Token();
  // Refreshes even if the stored token looks valid (an API answered 401).
  Result<AccessToken> Refresh();
  Credentials Current() const;
  TokenClient& token_client() { return client_; }
  FileCredentialsStore& store() { return store_; }

  StoredCredentials(Context& ctx, HttpClient& http, FileCredentialsStore store,
                    Credentials credentials);

 private:
  Context& ctx_;
  FileCredentialsStore store_;
  TokenClient client_;
  RefreshingTokenSource* refreshing_ = nullptr;  // owned by cached_
  std::unique_ptr<CachedTokenSource> cached_;
};

// The email in an id_token's payload, for messages; the token is not verified (it came
// straight from the token endpoint over TLS, OpenID Connect Core §3.1.3.7).
std::string EmailFromIdToken(std::string const& id_token);

}  // namespace gauthflow::cli

#endif  // GAUTHFLOW_CLI_SRC_STORED_CREDENTIALS_H_
