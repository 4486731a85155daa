#include "gauthflow/error.h"

namespace gauthflow {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kFileNotFound: return "file_not_found";
    case ErrorCode::kFileUnreadable: return "file_unreadable";
    case ErrorCode::kFileWriteFailed: return "file_write_failed";
    case ErrorCode::kMalformedJson: return "malformed_json";
    case ErrorCode::kMissingField: return "missing_field";
    case ErrorCode::kInvalidField: return "invalid_field";
    case ErrorCode::kUnknownClientType: return "unknown_client_type";
    case ErrorCode::kTransport: return "transport";
    case ErrorCode::kTimeout: return "timeout";
    case ErrorCode::kInsecureTransport: return "insecure_transport";
    case ErrorCode::kPortInUse: return "port_in_use";
    case ErrorCode::kBindFailed: return "bind_failed";
    case ErrorCode::kUnsupported: return "unsupported";
    case ErrorCode::kCancelled: return "cancelled";
    case ErrorCode::kMissingState: return "missing_state";
    case ErrorCode::kStateMismatch: return "state_mismatch";
    case ErrorCode::kMissingCode: return "missing_code";
    case ErrorCode::kAccessDenied: return "access_denied";
    case ErrorCode::kAuthorizationError: return "authorization_error";
    case ErrorCode::kInvalidGrant: return "invalid_grant";
    case ErrorCode::kInvalidClient: return "invalid_client";
    case ErrorCode::kUnauthorizedClient: return "unauthorized_client";
    case ErrorCode::kRedirectUriMismatch: return "redirect_uri_mismatch";
    case ErrorCode::kInvalidRequest: return "invalid_request";
    case ErrorCode::kInvalidScope: return "invalid_scope";
    case ErrorCode::kUnsupportedGrantType: return "unsupported_grant_type";
    case ErrorCode::kServerError: return "server_error";
    case ErrorCode::kUnexpectedResponse: return "unexpected_response";
    case ErrorCode::kExpiredToken: return "expired_token";
    case ErrorCode::kOobBlocked: return "oob_blocked";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kPermissionDenied: return "permission_denied";
    case ErrorCode::kUnauthenticated: return "unauthenticated";
    case ErrorCode::kInvalidToken: return "invalid_token";
  }
  return "unknown";
}

std::string ToString(Error const& error) {
  std::string out(ErrorCodeName(error.code));
  out += ": ";
  out += error.message;
  return out;
}

}  // namespace gauthflow
