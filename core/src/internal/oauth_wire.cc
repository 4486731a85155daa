#include "internal/oauth_wire.h"

#include <cctype>
#include <cmath>
#include <limits>

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>
#include <Poco/NumberParser.h>
#include <Poco/URI.h>

namespace gauthflow::internal {
namespace {

// Ten years: far beyond any OAuth lifetime, far below time_point overflow.
constexpr std::int64_t kMaxSeconds = std::int64_t{10} * 366 * 24 * 3600;

std::string Quoted(std::string const& field) { return "\"" + field + "\""; }

std::string TypeName(Poco::Dynamic::Var const& value) {
  if (value.isString()) return "a string";
  if (value.isBoolean()) return "a boolean";
  if (value.isNumeric()) return "a number";
  if (value.type() == typeid(Poco::JSON::Object::Ptr)) return "an object";
  if (value.type() == typeid(Poco::JSON::Array::Ptr)) return "an array";
  return "another type";
}

bool LooksLikeCredential(std::string_view word) {
  for (std::string_view marker : {"ya29.", "1//", "4/0", "GOCSPX-"}) {
    if (word.find(marker) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

Result<Poco::JSON::Object::Ptr> ParseJsonObject(std::string_view body, std::string_view source) {
  Poco::Dynamic::Var parsed;
  try {
    Poco::JSON::Parser parser;
    parsed = parser.parse(std::string(body));
  } catch (Poco::Exception const&) {
    // Poco's message may quote the offending text; keep the body out of the error.
    return MakeError(ErrorCode::kMalformedJson, std::string(source) + " is not valid JSON");
  }
  if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) {
    return MakeError(ErrorCode::kMalformedJson,
                     std::string(source) + " is JSON but not an object");
  }
  auto object = parsed.extract<Poco::JSON::Object::Ptr>();
  if (object.isNull()) {
    return MakeError(ErrorCode::kMalformedJson, std::string(source) + " is an empty JSON value");
  }
  return object;
}

Result<std::optional<std::string>> GetOptionalString(Poco::JSON::Object const& object,
                                                     std::string const& field,
                                                     std::string_view source) {
  if (!object.has(field)) return std::optional<std::string>{};
  auto const value = object.get(field);
  if (value.isEmpty()) return std::optional<std::string>{};  // JSON null
  if (!value.isString()) {
    return MakeError(ErrorCode::kInvalidField, std::string(source) + ": field " + Quoted(field) +
                                                   " must be a string, not " + TypeName(value));
  }
  return std::optional<std::string>(value.extract<std::string>());
}

Result<std::string> GetRequiredString(Poco::JSON::Object const& object, std::string const& field,
                                      std::string_view source) {
  auto value = GetOptionalString(object, field, source);
  if (!value) return tl::unexpected(value.error());
  if (!value->has_value() || (*value)->empty()) {
    return MakeError(ErrorCode::kMissingField,
                     std::string(source) + ": required field " + Quoted(field) +
                         " is missing or empty");
  }
  return std::move(**value);
}

Result<std::optional<std::chrono::seconds>> GetOptionalSeconds(Poco::JSON::Object const& object,
                                                               std::string const& field,
                                                               std::string_view source) {
  using Seconds = std::optional<std::chrono::seconds>;
  if (!object.has(field)) return Seconds{};
  auto const value = object.get(field);
  if (value.isEmpty()) return Seconds{};
  auto const invalid = [&](std::string const& why) {
    return MakeError(ErrorCode::kInvalidField,
                     std::string(source) + ": field " + Quoted(field) + " " + why);
  };
  std::int64_t seconds = 0;
  try {
    if (value.isBoolean()) {  // Poco counts a bool as an integer
      return invalid("must be a number of seconds, not a boolean");
    } else if (value.isString()) {
      // Some servers send "3599"; lifetimes are not secrets, so the value may be quoted.
      auto const& text = value.extract<std::string>();
      Poco::Int64 parsed = 0;
      if (!Poco::NumberParser::tryParse64(text, parsed)) {
        return invalid("must be a whole number of seconds, got \"" + SafeExcerpt(text, 20) + "\"");
      }
      seconds = parsed;
    } else if (value.isInteger()) {
      seconds = value.convert<Poco::Int64>();
    } else if (value.isNumeric()) {
      // A fractional lifetime: round down so that we never overstate it.
      auto const real = value.convert<double>();
      if (!std::isfinite(real) || real > static_cast<double>(kMaxSeconds) ||
          real < -static_cast<double>(kMaxSeconds)) {
        return invalid("is out of range");
      }
      seconds = static_cast<std::int64_t>(std::floor(real));
    } else {
      return invalid("must be a number of seconds, not " + TypeName(value));
    }
  } catch (Poco::Exception const&) {  // e.g. an unsigned value beyond Int64
    return invalid("is out of range");
  }
  if (seconds < 0) return invalid("must not be negative");
  if (seconds > kMaxSeconds) return invalid("is out of range");
  return Seconds(std::chrono::seconds(seconds));
}

std::optional<std::string> OAuthErrorString(std::string_view body) {
  // Cheap pre-check: most success bodies have no "error" member at all.
  if (body.find("\"error\"") == std::string_view::npos) return std::nullopt;
  auto object = ParseJsonObject(body, "response");
  if (!object) return std::nullopt;
  auto error = GetOptionalString(**object, "error", "response");
  if (!error || !error->has_value()) return std::nullopt;
  return std::move(*error);
}

std::string FormUrlEncode(std::string_view text) {
  // Poco::URI::encode keeps ALPHA / DIGIT / "-" / "." / "_" / "~" and percent-encodes the
  // characters listed as reserved plus controls and non-ASCII octets.
  static std::string const kReserved = "!#$&'()*+,/:;=?@[]% \"<>\\^`{|}";
  std::string encoded;
  Poco::URI::encode(std::string(text), kReserved, encoded);
  // Appendix B (HTML form encoding): a space is '+'.
  std::string out;
  out.reserve(encoded.size());
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (encoded.compare(i, 3, "%20") == 0) {
      out += '+';
      i += 2;
    } else {
      out += encoded[i];
    }
  }
  return out;
}

std::string EncodeForm(std::vector<std::pair<std::string, std::string>> const& form) {
  std::string body;
  for (auto const& [name, value] : form) {
    if (!body.empty()) body += '&';
    body += FormUrlEncode(name);
    body += '=';
    body += FormUrlEncode(value);
  }
  return body;
}

std::string SafeExcerpt(std::string_view body, std::size_t max_chars) {
  // First pass: drop markup and control characters, collapse whitespace into single spaces.
  std::string text;
  bool in_tag = false;
  for (char const c : body) {
    auto const u = static_cast<unsigned char>(c);
    if (c == '<') {
      in_tag = true;
      continue;
    }
    if (in_tag) {
      if (c == '>') {
        in_tag = false;
        if (!text.empty() && text.back() != ' ') text += ' ';
      }
      continue;
    }
    if (std::isspace(u) || u < 0x20 || u == 0x7F) {
      if (!text.empty() && text.back() != ' ') text += ' ';
      continue;
    }
    text += c;
  }
  // Second pass: redact credential-looking words, stop at the limit.
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size() && out.size() < max_chars) {
    auto end = text.find(' ', pos);
    if (end == std::string::npos) end = text.size();
    std::string_view const word(text.data() + pos, end - pos);
    if (!word.empty()) {
      if (!out.empty()) out += ' ';
      if (LooksLikeCredential(word)) {
        out += "[redacted]";
      } else {
        out += word;
      }
    }
    pos = end + 1;
  }
  if (out.size() > max_chars) {
    out.resize(max_chars);
    // Do not leave half a UTF-8 sequence behind.
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
    if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
    out += "...";
  } else if (pos < text.size()) {
    out += "...";
  }
  return out;
}

}  // namespace gauthflow::internal
