#include "gauthflow/authorized_user.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/RegularExpression.h>
#include <Poco/Timestamp.h>

#include <chrono>
#include <exception>
#include <optional>
#include <sstream>
#include <utility>
#include <vector>

namespace gauthflow {
namespace {

constexpr char kAuthorizedUserType[] = "authorized_user";

using TimePoint = std::chrono::system_clock::time_point;

std::string Quoted(std::string_view text) {
  std::string out = "\"";
  out += text;
  out += '"';
  return out;
}

// "<source>: field "name" ..." — every parse error names the data source and the field.
tl::unexpected<Error> FieldError(ErrorCode code, std::string_view source, std::string_view field,
                                 std::string_view what) {
  return MakeError(code, std::string(source) + ": field " + Quoted(field) + " " + std::string(what));
}

// Whole seconds, UTC, trailing Z: google-auth's reader only understands "%Y-%m-%dT%H:%M:%S"
// after stripping "Z" and anything from the first ".".
std::string FormatExpiry(TimePoint expiry) {
  auto const seconds = std::chrono::floor<std::chrono::seconds>(expiry.time_since_epoch());
  auto const timestamp = Poco::Timestamp::fromEpochTime(static_cast<std::time_t>(seconds.count()));
  return Poco::DateTimeFormatter::format(timestamp, Poco::DateTimeFormat::ISO8601_FORMAT);
}

// RFC 3339 §5.6 date-time, checked for shape here because Poco's parser accepts almost anything
// (even "garbage" parses as year 0). The time zone may be absent: google-auth writes naive UTC
// datetimes with a "Z" appended, and older writers left the "Z" off. The error says what is
// wrong with the text.
tl::expected<TimePoint, std::string> ParseExpiry(std::string const& text) {
  constexpr char kNotRfc3339[] = "not an RFC 3339 date-time like 2026-11-27T22:05:48Z";
  // Poco's PCRE, not std::regex: libstdc++ compiles a std::regex at run time into a large
  // automaton, which was a seventh of what `gauthflow drive ls` did in its own code.
  static Poco::RegularExpression const kShape(
      R"(^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$)",
      Poco::RegularExpression::RE_DOLLAR_ENDONLY);
  std::vector<std::string> groups;  // the whole match, then each group up to the last matched
  if (kShape.split(text, groups) == 0) return tl::unexpected<std::string>(kNotRfc3339);
  // Fractional seconds are dropped, as google-auth drops them (`split(".")[0]`).
  std::string const whole = groups[1] + (groups.size() > 3 && !groups[3].empty() ? groups[3] : "Z");
  Poco::DateTime date_time;
  int tzd = 0;
  if (!Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FORMAT, whole, date_time,
                                      tzd)) {
    return tl::unexpected<std::string>(kNotRfc3339);  // out of range: month 13, hour 25, ...
  }
  date_time.makeUTC(tzd);
  // A time_point counts in its clock's ticks (nanoseconds with libstdc++: years 1678 to 2262);
  // converting a time beyond them would overflow, so such an expiry is refused, not misread.
  using std::chrono::duration_cast;
  using std::chrono::seconds;
  auto const epoch_seconds = date_time.timestamp().epochTime();
  if (epoch_seconds < duration_cast<seconds>(TimePoint::min().time_since_epoch()).count() ||
      epoch_seconds > duration_cast<seconds>(TimePoint::max().time_since_epoch()).count()) {
    return tl::unexpected<std::string>("outside the years this system's clock can represent");
  }
  return TimePoint(seconds(epoch_seconds));
}

// An optional string field: absent or null gives nullopt; any other non-string is an error.
Result<std::optional<std::string>> OptionalString(Poco::JSON::Object const& object,
                                                  std::string const& field,
                                                  std::string_view source) {
  if (!object.has(field)) return std::optional<std::string>();
  Poco::Dynamic::Var const value = object.get(field);
  if (value.isEmpty()) return std::optional<std::string>();
  if (!value.isString()) return FieldError(ErrorCode::kInvalidField, source, field, "is not a string");
  return std::optional<std::string>(value.extract<std::string>());
}

// A field google-auth requires: absent, null or "" is kMissingField.
Result<std::string> RequiredString(Poco::JSON::Object const& object, std::string const& field,
                                   std::string_view source) {
  auto value = OptionalString(object, field, source);
  if (!value) return tl::unexpected(std::move(value).error());
  if (!value->has_value() || (*value)->empty()) {
    return FieldError(ErrorCode::kMissingField, source, field,
                      "is missing; an authorized_user file needs client_id and client_secret");
  }
  return std::move(**value);
}

// google-auth accepts a list or a space-separated string (`scopes.split(" ")`).
Result<std::vector<std::string>> ParseScopes(Poco::JSON::Object const& object,
                                             std::string_view source) {
  std::vector<std::string> scopes;
  if (!object.has("scopes") || object.get("scopes").isEmpty()) return scopes;
  if (auto const array = object.getArray("scopes")) {
    for (std::size_t i = 0; i < array->size(); ++i) {
      Poco::Dynamic::Var const item = array->get(static_cast<unsigned>(i));
      if (!item.isString()) {
        return FieldError(ErrorCode::kInvalidField, source, "scopes",
                          "has a non-string element at index " + std::to_string(i));
      }
      scopes.push_back(item.extract<std::string>());
    }
    return scopes;
  }
  Poco::Dynamic::Var const value = object.get("scopes");
  if (!value.isString()) {
    return FieldError(ErrorCode::kInvalidField, source, "scopes",
                      "is neither an array nor a space-separated string");
  }
  std::istringstream words(value.extract<std::string>());
  for (std::string scope; words >> scope;) scopes.push_back(std::move(scope));
  return scopes;
}

Result<Credentials> FromObject(Poco::JSON::Object const& object, std::string_view source) {
  // Application Default Credentials require "type"; google-auth's from_authorized_user_info does
  // not look at it. We accept it absent but reject a file of another kind (service_account, ...).
  auto type = OptionalString(object, "type", source);
  if (!type) return tl::unexpected(std::move(type).error());
  if (type->has_value() && **type != kAuthorizedUserType) {
    return FieldError(ErrorCode::kInvalidField, source, "type",
                      "is " + Quoted(**type) + ", expected " + Quoted(kAuthorizedUserType));
  }

  Credentials credentials;
  // google-auth requires refresh_token; we read files without one too: a sign-in for which
  // Google sent none (its access token still serves for an hour), and the file `gauthflow
  // revoke` leaves behind (no token at all). The callers decide what such credentials can do.
  auto refresh_token = OptionalString(object, "refresh_token", source);
  if (!refresh_token) return tl::unexpected(std::move(refresh_token).error());
  if (refresh_token->has_value() && !(*refresh_token)->empty()) {
    credentials.refresh_token = std::move(*refresh_token);
  }
  auto client_id = RequiredString(object, "client_id", source);
  if (!client_id) return tl::unexpected(std::move(client_id).error());
  credentials.client_id = std::move(*client_id);
  auto client_secret = RequiredString(object, "client_secret", source);
  if (!client_secret) return tl::unexpected(std::move(client_secret).error());
  credentials.client_secret = std::move(*client_secret);

  // google-auth writes "token"; other tools (and the token endpoint itself) say "access_token".
  for (char const* field : {"token", "access_token"}) {
    auto token = OptionalString(object, field, source);
    if (!token) return tl::unexpected(std::move(token).error());
    if (token->has_value() && !(*token)->empty()) {
      credentials.access_token = std::move(**token);
      break;
    }
  }

  auto token_uri = OptionalString(object, "token_uri", source);
  if (!token_uri) return tl::unexpected(std::move(token_uri).error());
  if (token_uri->has_value() && !(*token_uri)->empty()) credentials.token_uri = std::move(**token_uri);

  auto scopes = ParseScopes(object, source);
  if (!scopes) return tl::unexpected(std::move(scopes).error());
  credentials.scopes = std::move(*scopes);

  auto expiry = OptionalString(object, "expiry", source);
  if (!expiry) return tl::unexpected(std::move(expiry).error());
  // An absent or empty expiry means "unknown"; google-auth then treats the token as expired.
  if (expiry->has_value() && !(*expiry)->empty()) {
    auto const parsed = ParseExpiry(**expiry);
    if (!parsed) {
      return FieldError(ErrorCode::kInvalidField, source, "expiry",
                        "is " + Quoted(**expiry) + ", " + parsed.error());
    }
    credentials.expiry = *parsed;
  }

  auto id_token = OptionalString(object, "id_token", source);
  if (!id_token) return tl::unexpected(std::move(id_token).error());
  if (id_token->has_value() && !(*id_token)->empty()) credentials.id_token = std::move(**id_token);
  return credentials;
}

}  // namespace

std::string SerializeAuthorizedUser(Credentials const& credentials) {
  Poco::JSON::Object object(Poco::JSON_PRESERVE_KEY_ORDER);
  object.set("type", kAuthorizedUserType);
  object.set("client_id", credentials.client_id);
  object.set("client_secret", credentials.client_secret);
  if (credentials.refresh_token) object.set("refresh_token", *credentials.refresh_token);
  if (!credentials.access_token.empty()) object.set("token", credentials.access_token);
  object.set("token_uri", credentials.token_uri);
  Poco::JSON::Array scopes;
  for (auto const& scope : credentials.scopes) scopes.add(scope);
  object.set("scopes", scopes);
  if (credentials.expiry) object.set("expiry", FormatExpiry(*credentials.expiry));
  if (credentials.id_token) object.set("id_token", *credentials.id_token);
  std::ostringstream out;
  object.stringify(out, 2);
  out << '\n';
  return std::move(out).str();
}

Result<Credentials> ParseAuthorizedUser(std::string_view json, std::string_view source) {
  Poco::Dynamic::Var parsed;
  try {
    Poco::JSON::Parser parser;
    parsed = parser.parse(std::string(json));
  } catch (Poco::Exception const& e) {
    return MakeError(ErrorCode::kMalformedJson,
                     std::string(source) + ": not valid JSON: " + e.displayText());
  } catch (std::exception const& e) {
    return MakeError(ErrorCode::kMalformedJson,
                     std::string(source) + ": not valid JSON: " + e.what());
  }
  if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) {
    return MakeError(ErrorCode::kMalformedJson,
                     std::string(source) + ": expected a JSON object of authorized_user credentials");
  }
  auto const object = parsed.extract<Poco::JSON::Object::Ptr>();
  try {
    return FromObject(*object, source);
  } catch (Poco::Exception const& e) {
    // Defensive: the accessors above check types first, so this should not happen.
    return MakeError(ErrorCode::kMalformedJson, std::string(source) + ": " + e.displayText());
  }
}

}  // namespace gauthflow
