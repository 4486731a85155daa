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
// google-auth's 3 min 45 s slack), else a refresh through the token endpoint under the file's
// lock, so that of many processes sharing the file only one refreshes and the others use what
// it saved (FileRefreshingTokenSource).
class StoredCredentials {
 public:
  // Loads --credentials, printing the store's warnings (a file others can read).
  // FileCredentialsStore's errors (kFileNotFound: not logged in).
  static Result<std::unique_ptr<StoredCredentials>> Open(Context& ctx, HttpClient& http);

  // kMissingField, with a message saying why, when no token can be had: the file holds none
  // (after `gauthflow revoke`), or the access token expired and there is no refresh token.
  Result<AccessToken> Token();
  // Refreshes even if the stored token looks valid (an API answered 401).
  Result<AccessToken> Refresh();
  Credentials Current() const;
  // kMissingField saying why the current credentials cannot give a token without a new login:
  // they hold none (revoked), or the access token expired and there is no refresh token.
  Error WhyNoToken() const;
  TokenClient& token_client() { return client_; }
  FileCredentialsStore& store() { return store_; }

  StoredCredentials(Context& ctx, HttpClient& http, FileCredentialsStore store,
                    Credentials credentials);
  StoredCredentials(StoredCredentials const&) = delete;
  StoredCredentials& operator=(StoredCredentials const&) = delete;

 private:
  Result<AccessToken> Explained(Result<AccessToken> token) const;

  Context& ctx_;
  FileCredentialsStore store_;
  TokenClient client_;
  FileRefreshingTokenSource* refreshing_ = nullptr;  // owned by cached_
  std::unique_ptr<CachedTokenSource> cached_;
};

// The credentials `revoke` leaves: the client, token_uri and scopes, no token of any kind.
Credentials WithoutTokens(Credentials credentials);

// Whether the credentials hold no token at all (what `revoke` leaves behind).
bool HoldsNoToken(Credentials const& credentials);

// The email in an id_token's payload, for messages; the token is not verified (it came
// straight from the token endpoint over TLS, OpenID Connect Core §3.1.3.7).
std::string EmailFromIdToken(std::string const& id_token);

}  // namespace gauthflow::cli

#endif  // GAUTHFLOW_CLI_SRC_STORED_CREDENTIALS_H_
