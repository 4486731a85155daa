#include "gauthflow/device_flow.h"

#include <utility>

#include "gauthflow/scopes.h"
#include "internal/oauth_wire.h"

namespace gauthflow {
namespace {

constexpr std::string_view kSource = "device authorization response";
constexpr char kDeviceEndpoint[] = "device authorization endpoint";
constexpr char kTokenEndpoint[] = "token endpoint";
// RFC 8628 §3.4.
constexpr char kDeviceCodeGrant[] = "urn:ietf:params:oauth:grant-type:device_code";
// RFC 8628 §3.2: the default polling interval; §3.5: the slow_down increment.
constexpr std::chrono::seconds kDefaultInterval{5};
constexpr std::chrono::seconds kSlowDownIncrement{5};

bool IsSuccess(int status) { return status >= 200 && status <= 299; }

// Google says "verification_url", RFC 8628 "verification_uri"; take whichever is present.
Result<std::optional<std::string>> EitherString(Poco::JSON::Object const& json,
                                                std::string const& google,
                                                std::string const& rfc) {
  auto value = internal::GetOptionalString(json, google, kSource);
  if (!value) return value;
  if (value->has_value() && !(*value)->empty()) return value;
  return internal::GetOptionalString(json, rfc, kSource);
}

}  // namespace

Result<DeviceCode> ParseDeviceCodeResponse(std::string_view body,
                                           std::chrono::system_clock::time_point now) {
  auto object = internal::ParseJsonObject(body, kSource);
  if (!object) return tl::unexpected(object.error());
  auto const& json = **object;

  DeviceCode code;
  auto device_code = internal::GetRequiredString(json, "device_code", kSource);
  if (!device_code) return tl::unexpected(device_code.error());
  code.device_code = std::move(*device_code);

  auto user_code = internal::GetRequiredString(json, "user_code", kSource);
  if (!user_code) return tl::unexpected(user_code.error());
  code.user_code = std::move(*user_code);

  auto url = EitherString(json, "verification_url", "verification_uri");
  if (!url) return tl::unexpected(url.error());
  if (!url->has_value() || (*url)->empty()) {
    return MakeError(ErrorCode::kMissingField,
                     std::string(kSource) +
                         ": required field \"verification_url\" (or \"verification_uri\") is "
                         "missing or empty");
  }
  code.verification_url = std::move(**url);

  auto complete = EitherString(json, "verification_url_complete", "verification_uri_complete");
  if (!complete) return tl::unexpected(complete.error());
  if (complete->has_value() && !(*complete)->empty()) {
    code.verification_url_complete = std::move(*complete);
  }

  auto expires_in = internal::GetOptionalSeconds(json, "expires_in", kSource);
  if (!expires_in) return tl::unexpected(expires_in.error());
  if (!expires_in->has_value()) {  // RFC 8628 §3.2: REQUIRED
    return MakeError(ErrorCode::kMissingField,
                     std::string(kSource) + ": required field \"expires_in\" is missing");
  }
  code.expiry = now + **expires_in;

  auto interval = internal::GetOptionalSeconds(json, "interval", kSource);
  if (!interval) return tl::unexpected(interval.error());
  // An interval of 0 would poll without pause; treat it like an absent one.
  if (interval->has_value() && **interval > std::chrono::seconds::zero()) {
    code.interval = **interval;
  } else {
    code.interval = kDefaultInterval;
  }
  return code;
}

DeviceFlow::DeviceFlow(TokenClient& client, Clock& clock, std::string device_authorization_uri,
                       CancellationToken const* cancel)
    : client_(client),
      clock_(clock),
      device_authorization_uri_(std::move(device_authorization_uri)),
      cancel_(cancel) {}

Result<DeviceCode> DeviceFlow::RequestCode(std::vector<std::string> const& scopes) {
  if (scopes.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "the device flow needs at least one scope to ask for");
  }
  PostFormOptions options;
  options.endpoint = kDeviceEndpoint;
  // Google documents client_id and scope only for this request (no secret), as does
  // RFC 8628 §3.1 for public clients.
  options.authenticate_client = false;
  auto response =
      client_.PostForm(device_authorization_uri_, {{"scope", JoinScopes(scopes)}}, options);
  if (!response) return tl::unexpected(response.error());
  if (!IsSuccess(response->status)) {
    return tl::unexpected(ParseTokenError(response->status, response->body, kDeviceEndpoint));
  }
  return ParseDeviceCodeResponse(response->body, clock_.Now());
}

Result<TokenResponse> DeviceFlow::PollForToken(DeviceCode const& code,
                                               DevicePollCallback const& progress) {
  if (code.device_code.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "device code is empty; call RequestCode first");
  }
  auto interval = code.interval > std::chrono::seconds::zero() ? code.interval : kDefaultInterval;
  int polls = 0;
  auto const expired = [&] {
    return MakeError(ErrorCode::kExpiredToken,
                     "the device code expired before the user approved it at " +
                         code.verification_url + " (" + std::to_string(polls) +
                         " polls); request a new code");
  };

  while (true) {
    // RFC 8628 §3.5: wait `interval` between requests; the user needs time anyway, so the
    // first poll waits too.
    if (auto slept = SleepUnlessCancelled(clock_, interval, cancel_,
                                          "approval of the code " + code.user_code);
        !slept) {
      return tl::unexpected(slept.error());
    }
    if (clock_.Now() >= code.expiry) return expired();

    // TokenClient::PostForm returns device-flow states unretried whatever their status
    // (Google has used 400, 403, 428 and 429): the `error` field decides. A poll that may have
    // reached the server is not resent: an approved code is redeemed once (RFC 8628 §3.5).
    PostFormOptions poll;
    poll.endpoint = kTokenEndpoint;
    poll.single_use_credential = "device code";
    auto response = client_.PostForm(client_.config().token_uri,
                                     {{"grant_type", kDeviceCodeGrant},
                                      {"device_code", code.device_code}},
                                     poll);
    ++polls;
    if (!response) return tl::unexpected(response.error());
    if (IsSuccess(response->status)) return ParseTokenResponse(response->body, clock_.Now());

    auto const state = internal::OAuthErrorString(response->body);
    if (state == "authorization_pending" || state == "slow_down") {
      if (state == "slow_down") interval += kSlowDownIncrement;
      if (progress) progress(DevicePollProgress{polls, *state, interval, code.expiry});
      continue;
    }

    auto error = ParseTokenError(response->status, response->body, kTokenEndpoint);
    if (error.code == ErrorCode::kAccessDenied) {
      error.message = "the user declined the device authorization: " + error.message;
    } else if (error.code == ErrorCode::kExpiredToken) {
      error.message = "the device code expired before the user approved it; request a new "
                      "code: " + error.message;
    }
    return tl::unexpected(std::move(error));
  }
}

}  // namespace gauthflow
