#ifndef GAUTHFLOW_DEVICE_FLOW_H_
#define GAUTHFLOW_DEVICE_FLOW_H_

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gauthflow/cancellation.h"
#include "gauthflow/clock.h"
#include "gauthflow/error.h"
#include "gauthflow/token_client.h"
#include "gauthflow/token_response.h"

namespace gauthflow {

// The device authorization response (RFC 8628 §3.2) in Google's dialect.
struct DeviceCode {
  std::string device_code{};   // secret: identifies the grant when polling
  std::string user_code{};     // shown to the user ("ABCD-EFGH")
  std::string verification_url{};  // Google's "verification_url" or RFC 8628's "verification_uri"
  std::optional<std::string> verification_url_complete{};  // with the user code embedded
  std::chrono::system_clock::time_point expiry{};  // now + expires_in
  std::chrono::seconds interval{5};  // minimum wait between polls (RFC 8628 §3.2 default 5)
};

// Parses a 2xx body of the device authorization endpoint. Accepts both "verification_url"
// (Google) and "verification_uri" (RFC 8628), likewise for the *_complete variants;
// expires_in and interval as numbers or numeric strings. Errors name "device authorization
// response" and the field.
Result<DeviceCode> ParseDeviceCodeResponse(std::string_view body,
                                           std::chrono::system_clock::time_point now);

// What PollForToken reports after each answer that means "keep waiting".
struct DevicePollProgress {
  int polls = 0;                             // token requests made so far
  std::string state{};                       // "authorization_pending" or "slow_down"
  std::chrono::seconds interval{5};          // the wait before the next poll
  std::chrono::system_clock::time_point expiry{};  // when the device code expires
};
using DevicePollCallback = std::function<void(DevicePollProgress const&)>;

// The device authorization grant (RFC 8628), for machines without a usable browser.
class DeviceFlow {
 public:
  // `client` supplies the token endpoint, client credentials, transport policy and retries;
  // `device_authorization_uri` is Endpoints::device; `cancel` (nullable) ends the pause between
  // polls early with kCancelled.
  DeviceFlow(TokenClient& client, Clock& clock, std::string device_authorization_uri,
             CancellationToken const* cancel = nullptr);

  // Asks for a device and user code (RFC 8628 §3.1) for `scopes` (at least one; Google allows
  // only a limited set for this flow). Errors go through ParseTokenError.
  Result<DeviceCode> RequestCode(std::vector<std::string> const& scopes);

  // Polls the token endpoint every `code.interval` (waiting through the Clock before each poll)
  // until the user approves (the token), denies (kAccessDenied) or the code expires
  // (kExpiredToken, from the server or because the clock passed `code.expiry`). slow_down adds
  // 5 s to the interval for good (RFC 8628 §3.5). `progress`, when set, is called after every
  // authorization_pending / slow_down answer.
  Result<TokenResponse> PollForToken(DeviceCode const& code,
                                     DevicePollCallback const& progress = {});

 private:
  TokenClient& client_;
  Clock& clock_;
  std::string device_authorization_uri_;
  CancellationToken const* cancel_;
};

}  // namespace gauthflow

#endif  // GAUTHFLOW_DEVICE_FLOW_H_
