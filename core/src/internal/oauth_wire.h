#ifndef GAUTHFLOW_CORE_SRC_INTERNAL_OAUTH_WIRE_H_
#define GAUTHFLOW_CORE_SRC_INTERNAL_OAUTH_WIRE_H_

// Wire-format helpers shared by the token client, the token-response parser and the device
// flow: JSON field access with errors that name the source and the field, form encoding, and
// safe excerpts of bodies for error messages. Private to gauthflow::core (uses Poco).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <Poco/JSON/Object.h>

#include "gauthflow/error.h"

namespace gauthflow::internal {

// Parses `body` as a JSON object. kMalformedJson naming `source` when it is not JSON or not an
// object. The body itself never goes into the message: it may carry tokens.
Result<Poco::JSON::Object::Ptr> ParseJsonObject(std::string_view body, std::string_view source);

// An optional string field: nullopt when absent or null, kInvalidField when present with
// another type.
Result<std::optional<std::string>> GetOptionalString(Poco::JSON::Object const& object,
                                                     std::string const& field,
                                                     std::string_view source);

// A required non-empty string field (kMissingField / kInvalidField).
Result<std::string> GetRequiredString(Poco::JSON::Object const& object, std::string const& field,
                                      std::string_view source);

// A duration in whole seconds given as a JSON number or a numeric string ("3599"): both are
// seen from OAuth servers. nullopt when absent or null; kInvalidField when negative, fractional
// strings aside, or absurdly large.
Result<std::optional<std::chrono::seconds>> GetOptionalSeconds(Poco::JSON::Object const& object,
                                                               std::string const& field,
                                                               std::string_view source);

// The OAuth `error` string of an error body (RFC 6749 §5.2), when the body is a JSON object
// whose "error" member is a string. Google's API error shape ({"error": {...}}) gives nullopt.
std::optional<std::string> OAuthErrorString(std::string_view body);

// application/x-www-form-urlencoded encoding of one name or value (RFC 6749 Appendix B):
// unreserved characters kept, space as '+', everything else percent-encoded as UTF-8 octets.
std::string FormUrlEncode(std::string_view text);

// name=value&name=value, each side FormUrlEncode'd, in the order given.
std::string EncodeForm(std::vector<std::pair<std::string, std::string>> const& form);

// A short single-line excerpt of a body for an error message: markup tags dropped, whitespace
// collapsed, control characters removed, anything that looks like a Google credential
// (ya29., 1//, 4/0, GOCSPX-) redacted, and cut at `max_chars`.
std::string SafeExcerpt(std::string_view body, std::size_t max_chars = 120);

}  // namespace gauthflow::internal

#endif  // GAUTHFLOW_CORE_SRC_INTERNAL_OAUTH_WIRE_H_
