#ifndef GAUTHFLOW_ERROR_H_
#define GAUTHFLOW_ERROR_H_

#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

namespace gauthflow {

// A code a program can switch on. The message next to it is for a person.
enum class ErrorCode {
  // Input and files.
  kInvalidArgument,     // a caller-supplied value is malformed
  kFileNotFound,        // a file that must exist does not
  kFileUnreadable,      // it exists but cannot be read (permissions, a directory, I/O)
  kFileWriteFailed,     // writing, syncing or renaming failed; the previous file is intact
  kMalformedJson,       // not JSON, or not the JSON shape expected
  kMissingField,        // a required field is absent or empty
  kInvalidField,        // a field is present but has the wrong type or value
  kUnknownClientType,   // client secrets with neither "installed" nor "web"
  // Transport.
  kTransport,           // the HTTP exchange itself failed (DNS, connect, TLS, reset, truncated)
  kTimeout,             // a deadline passed
  kInsecureTransport,   // http:// to a non-loopback host without explicit permission
  kPortInUse,           // the loopback port is taken
  kBindFailed,          // any other failure to listen
  kUnsupported,         // the operation is not available with this implementation
  kCancelled,           // the caller cancelled the flow (CancellationToken) while it waited
  // The authorization response (redirect).
  kMissingState,
  kStateMismatch,
  kMissingCode,
  kAccessDenied,        // the user denied consent (error=access_denied)
  kAuthorizationError,  // any other error= on the redirect
  // OAuth errors from the token endpoint (RFC 6749 §5.2, Google's additions).
  kInvalidGrant,
  kInvalidClient,
  kUnauthorizedClient,
  kRedirectUriMismatch,
  kInvalidRequest,
  kInvalidScope,
  kUnsupportedGrantType,
  kServerError,         // 5xx or server_error/temporarily_unavailable after retries
  kUnexpectedResponse,  // a status or body we cannot interpret
  // Device flow (RFC 8628 §3.5).
  kExpiredToken,
  // Google-specific.
  kOobBlocked,          // Google blocked the out-of-band flow for this client
  kNotFound,            // an API resource does not exist (HTTP 404)
  kPermissionDenied,    // HTTP 403 from an API (e.g. insufficient scopes)
  kUnauthenticated,     // HTTP 401 from an API
  // Revocation.
  kInvalidToken,        // Google's revoke answered invalid_token: unknown, expired or revoked
};

// The stable spelling of a code, e.g. "invalid_grant" for kInvalidGrant.
std::string_view ErrorCodeName(ErrorCode code);

// How far a request got when its HTTP exchange failed: what decides whether resending a
// single-use grant (an authorization code) is safe.
enum class RequestReach {
  kNotAnExchangeFailure,  // not from an HttpClient, or it cannot tell: assume it may have arrived
  kNotSent,               // nothing was sent: DNS, connect or the TLS handshake failed
  kMayHaveArrived,        // sent wholly or in part: the server may have acted on it
};

struct Error {
  ErrorCode code;
  std::string message{};  // actionable, names the source (file, field, endpoint); never a secret
  int http_status = 0;    // the HTTP status that produced it, 0 when none did
  std::string server_error{};  // the server's own `error` string, when it sent one
  RequestReach reach = RequestReach::kNotAnExchangeFailure;  // for kTransport and kTimeout
};

template <typename T>
using Result = tl::expected<T, Error>;
using Status = tl::expected<void, Error>;

inline tl::unexpected<Error> MakeError(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error{code, std::move(message)});
}

// "invalid_grant: Token has been expired or revoked." — for logs and the CLI.
std::string ToString(Error const& error);

}  // namespace gauthflow

#endif  // GAUTHFLOW_ERROR_H_
