#ifndef GAUTHFLOW_TOKEN_CLIENT_H_
#define GAUTHFLOW_TOKEN_CLIENT_H_

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "gauthflow/cancellation.h"
#include "gauthflow/clock.h"
#include "gauthflow/error.h"
#include "gauthflow/http_client.h"
#include "gauthflow/token_response.h"

namespace gauthflow {

// How the client authenticates to the token endpoint (RFC 6749 §2.3.1).
enum class ClientAuthentication {
  kPostBody,   // client_id and client_secret in the form body (Google's default)
  kHttpBasic,  // Authorization: Basic base64(urlencode(id):urlencode(secret))
};

// Which failures are retried and how long to wait between attempts. google-auth retries 3
// attempts with 1 s initial delay, x2, and 10% jitter; we do the same by default.
struct RetryPolicy {
  int max_attempts = 3;
  std::chrono::milliseconds initial_delay{1000};
  double multiplier = 2.0;
  double jitter = 0.1;                           // +/- fraction of each delay
  // A larger Retry-After is not waited for (the call gives up and says so). Keep it within the
  // HttpClient's per-exchange deadline: a caller that allows an exchange 10 s does not want to
  // sit out a minute.
  std::chrono::milliseconds max_retry_after{std::chrono::seconds(60)};
};

struct TokenClientConfig {
  std::string token_uri;
  std::string revoke_uri;
  std::string client_id;
  std::string client_secret;
  ClientAuthentication authentication = ClientAuthentication::kPostBody;
  RetryPolicy retry;
  bool allow_insecure_transport = false;  // see CheckTransportSecurity
};

// Per-request options of TokenClient::PostForm.
struct PostFormOptions {
  // Names the endpoint in errors ("token endpoint", "device authorization endpoint").
  std::string endpoint = "token endpoint";
  // false: identify the client by client_id in the body only, without the secret or a Basic
  // header — what Google documents for its device authorization endpoint (RFC 8628 §3.1).
  bool authenticate_client = true;
  // Names the single-use credential the form redeems ("authorization code", "device code"),
  // empty for requests that are safe to repeat (refresh, revoke, device authorization). A
  // single-use form is resent only when the server cannot have acted on it: a transport
  // failure before anything was sent, or an answer that says the request was refused
  // unprocessed (408, 429, 503, temporarily_unavailable). RFC 6749 §4.1.2: a code used twice
  // makes the server revoke what it issued for it.
  std::string single_use_credential{};
};

// A refresh whose granted scopes are narrower than those asked for is not an error; it is
// reported here so the caller can tell the user.
struct RefreshResult {
  TokenResponse token;                    // refresh_token filled with the old one if none came back
  std::vector<std::string> missing_scopes;  // asked for but not granted
};

// Talks to the token and revocation endpoints. Retries 408, 429, 500, 503, 504, the OAuth errors
// internal_failure/server_error/temporarily_unavailable and transport failures, honouring
// Retry-After (RFC 9110 §10.2.3) up to RetryPolicy::max_retry_after and waiting through the
// Clock; a 429 is retried whatever its body says. Never retries invalid_grant or
// invalid_client, nor a single-use grant that the server may have redeemed (see
// PostFormOptions::single_use_credential); a timeout (the exchange's whole deadline) is final.
class TokenClient {
 public:
  // `cancel` (nullable) ends a retry's backoff early with kCancelled.
  TokenClient(HttpClient& http, Clock& clock, TokenClientConfig config,
              CancellationToken const* cancel = nullptr);

  // authorization_code grant (RFC 6749 §4.1.3) with the PKCE verifier (RFC 7636 §4.5).
  Result<TokenResponse> ExchangeCode(std::string const& code, std::string const& code_verifier,
                                     std::string const& redirect_uri);
  // refresh_token grant (RFC 6749 §6). `scopes` empty = the originally granted scopes.
  Result<RefreshResult> Refresh(std::string const& refresh_token,
                                std::vector<std::string> const& scopes = {});
  // Revokes an access or refresh token (Google: POST revoke with token=...; RFC 7009).
  Status Revoke(std::string const& token);

  // Sends a form POST to `url` with client authentication and the retry policy applied.
  // Returns the answer when it is 2xx or a non-retryable failure (the caller interprets it,
  // e.g. with ParseTokenError or as a device-flow state); an Error when the URL fails
  // CheckTransportSecurity, when retryable failures (transport errors, 408/429/5xx, OAuth
  // server_error...) outlast the policy — that Error says how many attempts were made — or
  // when a single-use form may have been redeemed and is therefore not resent (the Error says
  // so). Apart from 429, an OAuth `error` in the body decides over the status: a 503
  // invalid_grant is final. invalid_grant, invalid_client and the device-flow states
  // (authorization_pending, slow_down, access_denied, expired_token) are returned as they
  // are, even with a 429. Shared by the grants above and the device flow.
  Result<HttpResponse> PostForm(std::string const& url,
                                std::vector<std::pair<std::string, std::string>> form,
                                PostFormOptions const& options = {});

  TokenClientConfig const& config() const { return config_; }

 private:
  HttpClient& http_;
  Clock& clock_;
  TokenClientConfig config_;
  CancellationToken const* cancel_;
};

}  // namespace gauthflow

#endif  // GAUTHFLOW_TOKEN_CLIENT_H_
