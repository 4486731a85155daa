#include "gauthflow/token_client.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <sstream>
#include <string_view>

#include <Poco/Base64Encoder.h>
#include <Poco/DateTime.h>
#include <Poco/DateTimeParser.h>
#include <Poco/NumberParser.h>
#include <Poco/Timestamp.h>

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

// Whether a response is worth another attempt. An OAuth `error` in the body decides over the
// status: Google's device-flow states come with 428, 403 or 429 (a slow_down must reach the
// device flow, not be retried here), and invalid_grant/invalid_client are final whatever the
// status. Without one, the status decides.
bool IsRetryableResponse(HttpResponse const& response) {
  if (IsSuccess(response.status)) return false;
  if (auto const error = internal::OAuthErrorString(response.body)) {
    return IsRetryableOAuthError(*error);
  }
  return IsRetryableStatus(response.status);
}

// Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. nullopt when absent or
// unreadable, in which case the usual backoff applies.
std::optional<Clock::duration> RetryAfter(HttpResponse const& response, Clock::time_point now) {
  auto const header = FindHeader(response.headers, "Retry-After");
  if (!header) return std::nullopt;
  std::string value = *header;
  auto const first = value.find_first_not_of(" \t");
  if (first == std::string::npos) return std::nullopt;
  value = value.substr(first, value.find_last_not_of(" \t") - first + 1);
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    Poco::UInt64 seconds = 0;
    if (!Poco::NumberParser::tryParseUnsigned64(value, seconds)) return std::nullopt;
    // Anything beyond a day is as good as "too long"; cap to keep the arithmetic sane.
    seconds = std::min<Poco::UInt64>(seconds, 86'400);
    return std::chrono::seconds(seconds);
  }
  // IMF-fixdate, and the obsolete RFC 850 and asctime forms that recipients must accept.
  Poco::DateTime date;
  int tzd = 0;
  if (!Poco::DateTimeParser::tryParse(value, date, tzd)) return std::nullopt;
  date.makeUTC(tzd);
  auto const at = Clock::time_point(std::chrono::duration_cast<Clock::duration>(
      std::chrono::microseconds(date.timestamp().epochMicroseconds())));
  return std::max(at - now, Clock::duration::zero());
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

}  // namespace

TokenClient::TokenClient(HttpClient& http, Clock& clock, TokenClientConfig config)
    : http_(http), clock_(clock), config_(std::move(config)) {}

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

  int const max_attempts = std::max(1, config_.retry.max_attempts);
  for (int attempt = 1;; ++attempt) {
    auto response = http_.Send(request);
    bool const last = attempt >= max_attempts;

    if (!response) {
      // Transport failures (reset, DNS, TLS) are retried, as google-auth retries them when
      // refreshing: the grants are safe to resend (a code consumed by a lost first attempt
      // comes back as a clear invalid_grant). A kTimeout has already used its whole budget
      // and kInsecureTransport will not change, so those are final.
      if (response.error().code != ErrorCode::kTransport) return response;
      if (last) {
        auto error = std::move(response.error());
        error.message += "; gave up after " + AttemptsText(attempt);
        return tl::unexpected(std::move(error));
      }
      clock_.SleepFor(Backoff(config_.retry, attempt));
      continue;
    }

    if (!IsRetryableResponse(*response)) return response;

    auto const retry_after = RetryAfter(*response, clock_.Now());
    if (retry_after && *retry_after > config_.retry.max_retry_after) {
      auto error = ParseTokenError(response->status, response->body, options.endpoint);
      error.message += "; the server asked to retry after " + SecondsText(*retry_after) +
                       ", longer than the " + SecondsText(config_.retry.max_retry_after) +
                       " allowed; gave up after " + AttemptsText(attempt);
      return tl::unexpected(std::move(error));
    }
    if (last) {
      auto error = ParseTokenError(response->status, response->body, options.endpoint);
      error.message += "; gave up after " + AttemptsText(attempt);
      return tl::unexpected(std::move(error));
    }
    auto const wait = retry_after ? *retry_after : Backoff(config_.retry, attempt);
    if (wait > Clock::duration::zero()) clock_.SleepFor(wait);
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

  auto response = PostForm(config_.token_uri, std::move(form));
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
