#include "gauthflow/token_client.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <sstream>
#include <string_view>

#include <Poco/Base64Encoder.h>

#include "gauthflow/endpoints.h"
#include "gauthflow/scopes.h"
#include "internal/oauth_wire.h"

namespace gauthflow {
namespace {

using Form = std::vector<std::pair<std::string, std::string>>;

// google-auth's retryable statuses (transport.DEFAULT_RETRYABLE_STATUS_CODES plus 504).
bool IsRetryableStatus(int status) {
  return status == 408 || status == 429 || status == 500 || status == 503 || status == 504;
}

// OAuth errors that google-auth's _can_retry treats as transient.
bool IsRetryableOAuthError(std::string_view error) {
  return error == "internal_failure" || error == "server_error" ||
         error == "temporarily_unavailable";
}

bool IsSuccess(int status) { return status >= 200 && status <= 299; }

// OAuth errors that are answers for the caller whatever the status, 429 included: waiting does
// not change a refused grant or client, and the device flow must see its states (RFC 8628
// §3.5: slow_down makes it poll less often).
bool IsCallersAnswer(std::string_view error) {
  return error == "invalid_grant" || error == "invalid_client" ||
         error == "authorization_pending" || error == "slow_down" ||
         error == "access_denied" || error == "expired_token";
}

// What to do with a non-2xx answer.
enum class Verdict {
  kReturn,           // the caller interprets it
  kRetry,            // worth another attempt
  kMayHaveBeenUsed,  // retryable, but the server may have redeemed the single-use grant
};

// A 429 is retried whatever else the body says (RFC 6585 §4: too many requests, try later),
// unless it carries one of the caller's answers. Otherwise an OAuth `error` in the body decides
// over the status (Google's device-flow states come with 428, 403 or 429), and without one the
// status decides. A single-use grant is retried only on answers that say the request was
// refused unprocessed: 408 (RFC 9110 §15.5.9), 429, 503 (RFC 9110 §15.6.4) and
// temporarily_unavailable (RFC 6749 §5.2); after a 500, 504 or server_error the code may
// already be spent.
Verdict Judge(HttpResponse const& response, bool single_use) {
  if (IsSuccess(response.status)) return Verdict::kReturn;
  auto const error = internal::OAuthErrorString(response.body);
  if (error && IsCallersAnswer(*error)) return Verdict::kReturn;
  bool const retryable = response.status == 429 ||
                         (error ? IsRetryableOAuthError(*error) : IsRetryableStatus(response.status));
  if (!retryable) return Verdict::kReturn;
  bool const refused_unprocessed = response.status == 408 || response.status == 429 ||
                                   response.status == 503 || error == "temporarily_unavailable";
  if (single_use && !refused_unprocessed) return Verdict::kMayHaveBeenUsed;
  return Verdict::kRetry;
}

// The wait before retry number `retry` (1 = the first retry): initial * multiplier^(retry-1),
// spread uniformly over +/- jitter so that many clients do not retry in lockstep.
Clock::duration Backoff(RetryPolicy const& policy, int retry) {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  auto const base = static_cast<double>(policy.initial_delay.count()) *
                    std::pow(policy.multiplier, retry - 1);
  auto const jitter = std::clamp(policy.jitter, 0.0, 1.0);
  std::uniform_real_distribution<double> spread(1.0 - jitter, 1.0 + jitter);
  auto const millis = base * (jitter > 0 ? spread(generator) : 1.0);
  return std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double, std::milli>(std::max(0.0, millis)));
}

std::string Base64(std::string const& data) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);  // one line, as the Authorization header needs
  encoder << data;
  encoder.close();
  return out.str();
}

std::string AttemptsText(int attempts) {
  return std::to_string(attempts) + (attempts == 1 ? " attempt" : " attempts");
}

std::string SecondsText(Clock::duration d) {
  return std::to_string(std::chrono::ceil<std::chrono::seconds>(d).count()) + " s";
}

// Why a single-use form is not sent again.
std::string NotResentText(PostFormOptions const& options) {
  return "; not sent again: the " + options.endpoint + " may already have redeemed the " +
         options.single_use_credential + ", which can be used only once (RFC 6749 §4.1.2)";
}

// What a retry's backoff waits for, for a cancellation's message.
std::string BackoffWhat(PostFormOptions const& options, Error const& error) {
  return "a retry of the " + options.endpoint + " (after " + ToString(error) + ")";
}

}  // namespace

TokenClient::TokenClient(HttpClient& http, Clock& clock, TokenClientConfig config,
                         CancellationToken const* cancel)
    : http_(http), clock_(clock), config_(std::move(config)), cancel_(cancel) {}

Result<HttpResponse> TokenClient::PostForm(std::string const& url, Form form,
                                           PostFormOptions const& options) {
  // RFC 6749 §10.9 / §3.2: credentials and tokens only over TLS (or to loopback).
  if (auto secure = CheckTransportSecurity(url, options.endpoint,
                                           config_.allow_insecure_transport);
      !secure) {
    return tl::unexpected(secure.error());
  }

  HttpRequest request;
  request.method = "POST";
  request.url = url;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                     {"Accept", "application/json"}};
  if (!options.authenticate_client) {
    form.emplace_back("client_id", config_.client_id);
  } else if (config_.authentication == ClientAuthentication::kHttpBasic) {
    // RFC 6749 §2.3.1: both parts form-urlencoded before joining with ':' and base64.
    request.headers.emplace_back(
        "Authorization", "Basic " + Base64(internal::FormUrlEncode(config_.client_id) + ":" +
                                           internal::FormUrlEncode(config_.client_secret)));
  } else {
    form.emplace_back("client_id", config_.client_id);
    // Installed-app clients always have a secret at Google; public clients may not.
    if (!config_.client_secret.empty()) form.emplace_back("client_secret", config_.client_secret);
  }
  request.body = internal::EncodeForm(form);

  bool const single_use = !options.single_use_credential.empty();
  int const max_attempts = std::max(1, config_.retry.max_attempts);
  auto const with_attempts = [](Error error, int attempts) {
    if (attempts > 1) error.message += "; gave up after " + AttemptsText(attempts);
    return tl::unexpected(std::move(error));
  };
  for (int attempt = 1;; ++attempt) {
    auto response = http_.Send(request);
    bool const last = attempt >= max_attempts;

    if (!response) {
      auto error = std::move(response.error());
      // Transport failures (reset, DNS, TLS) are retried, as google-auth retries them when
      // refreshing, unless the form is single-use and may have reached the server. A
      // kTimeout has used the exchange's whole deadline and kInsecureTransport will not
      // change, so those are final.
      bool const may_have_arrived = error.reach != RequestReach::kNotSent;
      if (single_use && may_have_arrived &&
          (error.code == ErrorCode::kTransport || error.code == ErrorCode::kTimeout)) {
        error.message += NotResentText(options);
        return with_attempts(std::move(error), attempt);
      }
      if (error.code != ErrorCode::kTransport) return with_attempts(std::move(error), attempt);
      if (last) {
        error.message += "; gave up after " + AttemptsText(attempt);
        return tl::unexpected(std::move(error));
      }
      if (auto slept = SleepUnlessCancelled(clock_, Backoff(config_.retry, attempt), cancel_,
                                            BackoffWhat(options, error));
          !slept) {
        return tl::unexpected(slept.error());
      }
      continue;
    }

    auto const verdict = Judge(*response, single_use);
    if (verdict == Verdict::kReturn) return response;
    auto error = ParseTokenError(response->status, response->body, options.endpoint);
    if (verdict == Verdict::kMayHaveBeenUsed) {
      error.message += NotResentText(options);
      return with_attempts(std::move(error), attempt);
    }
    auto const retry_after = ParseRetryAfter(response->headers, clock_.Now());
    if (retry_after && *retry_after > config_.retry.max_retry_after) {
      error.message += "; the server asked to retry after " + SecondsText(*retry_after) +
                       ", longer than the " + SecondsText(config_.retry.max_retry_after) +
                       " allowed; gave up after " + AttemptsText(attempt);
      return tl::unexpected(std::move(error));
    }
    if (last) {
      error.message += "; gave up after " + AttemptsText(attempt);
      return tl::unexpected(std::move(error));
    }
    auto const wait = retry_after ? *retry_after : Backoff(config_.retry, attempt);
    if (wait > Clock::duration::zero()) {
      if (auto slept = SleepUnlessCancelled(clock_, wait, cancel_, BackoffWhat(options, error));
          !slept) {
        return tl::unexpected(slept.error());
      }
    }
  }
}

Result<TokenResponse> TokenClient::ExchangeCode(std::string const& code,
                                                std::string const& code_verifier,
                                                std::string const& redirect_uri) {
  if (code.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "authorization code is empty");
  }
  if (redirect_uri.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "redirect_uri is empty; it must equal the authorization request's");
  }
  // RFC 6749 §4.1.3: redirect_uri identical to the authorization request's, or Google answers
  // redirect_uri_mismatch. RFC 7636 §4.5: the PKCE verifier.
  Form form{{"grant_type", "authorization_code"}, {"code", code}, {"redirect_uri", redirect_uri}};
  if (!code_verifier.empty()) form.emplace_back("code_verifier", code_verifier);

  PostFormOptions options;
  options.single_use_credential = "authorization code";
  auto response = PostForm(config_.token_uri, std::move(form), options);
  if (!response) return tl::unexpected(response.error());
  if (!IsSuccess(response->status)) {
    return tl::unexpected(ParseTokenError(response->status, response->body, "token endpoint"));
  }
  return ParseTokenResponse(response->body, clock_.Now());
}

Result<RefreshResult> TokenClient::Refresh(std::string const& refresh_token,
                                           std::vector<std::string> const& scopes) {
  if (refresh_token.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "refresh token is empty; sign in again");
  }
  // RFC 6749 §6: scope is optional and may only narrow the original grant.
  Form form{{"grant_type", "refresh_token"}, {"refresh_token", refresh_token}};
  if (!scopes.empty()) form.emplace_back("scope", JoinScopes(scopes));

  auto response = PostForm(config_.token_uri, std::move(form));
  if (!response) return tl::unexpected(response.error());
  if (!IsSuccess(response->status)) {
    return tl::unexpected(ParseTokenError(response->status, response->body, "token endpoint"));
  }
  auto token = ParseTokenResponse(response->body, clock_.Now());
  if (!token) return tl::unexpected(token.error());

  RefreshResult result;
  result.token = std::move(*token);
  // RFC 6749 §6: the server may issue a new refresh token; Google normally does not, and the
  // old one stays valid.
  if (!result.token.refresh_token) result.token.refresh_token = refresh_token;
  if (result.token.scopes.empty()) {
    // RFC 6749 §5.1: no "scope" in the answer means the scopes requested were granted.
    result.token.scopes = scopes;
  } else if (!scopes.empty()) {
    // Narrower than asked is not fatal (the "Scope has changed" failure of other clients);
    // the caller decides what to tell the user.
    result.missing_scopes = MissingScopes(scopes, result.token.scopes);
  }
  return result;
}

Status TokenClient::Revoke(std::string const& token) {
  if (token.empty()) return MakeError(ErrorCode::kInvalidArgument, "token to revoke is empty");
  PostFormOptions options;
  options.endpoint = "revocation endpoint";
  // Google takes token= in the body (or the query); RFC 7009 §2.1 has confidential clients
  // authenticate as at the token endpoint, which Google accepts.
  auto response = PostForm(config_.revoke_uri, {{"token", token}}, options);
  if (!response) return tl::unexpected(response.error());
  if (!IsSuccess(response->status)) {
    return tl::unexpected(ParseTokenError(response->status, response->body, options.endpoint));
  }
  return {};
}

}  // namespace gauthflow
