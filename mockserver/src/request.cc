#include "request.h"

#include <algorithm>
#include <sstream>

#include <Poco/Base64Decoder.h>
#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/URI.h>

namespace gauthflow::mockserver {
namespace {

std::string Decode(std::string_view text) {
  if (text.find('%') == std::string_view::npos) {
    // Nothing to %-decode (Poco::URI::decode would copy it unchanged): only '+' to replace.
    std::string decoded(text);
    std::replace(decoded.begin(), decoded.end(), '+', ' ');
    return decoded;
  }
  // '+' is a space in form encoding (HTML 4.01 §17.13.4.1); replaced before %-decoding so that
  // an encoded %2B stays a '+'. (Poco 1.11's plusAsSpace does not do this for every input.)
  std::string plus_decoded(text);
  std::replace(plus_decoded.begin(), plus_decoded.end(), '+', ' ');
  std::string decoded;
  try {
    Poco::URI::decode(plus_decoded, decoded);
  } catch (Poco::Exception const&) {
    // A broken %-escape: keep the raw text, as lenient form parsers do; validation of the
    // value itself then rejects it.
    decoded = std::string(text);
  }
  return decoded;
}

}  // namespace

Params ParseUrlEncoded(std::string_view text) {
  Params params;
  while (!text.empty()) {
    std::size_t amp = text.find('&');
    std::string_view pair = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos) {
      params.emplace_back(Decode(pair), std::string());
    } else {
      params.emplace_back(Decode(pair.substr(0, eq)), Decode(pair.substr(eq + 1)));
    }
  }
  return params;
}

std::optional<std::string> FindParam(Params const& params, std::string_view name) {
  for (auto const& [key, value] : params) {
    if (key == name) return value;
  }
  return std::nullopt;
}

std::string GetParam(Params const& params, std::string_view name) {
  return FindParam(params, name).value_or(std::string());
}

int CountParam(Params const& params, std::string_view name) {
  int count = 0;
  for (auto const& entry : params) count += entry.first == name ? 1 : 0;
  return count;
}

std::string EncodeQueryValue(std::string_view value) {
  std::string encoded;
  Poco::URI::encode(std::string(value), "&=+#?;", encoded);
  return encoded;
}

std::optional<BasicCredentials> ParseBasicAuthorization(std::string_view header) {
  std::size_t space = header.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  if (Poco::icompare(std::string(header.substr(0, space)), "Basic") != 0) return std::nullopt;
  std::string encoded = Poco::trim(std::string(header.substr(space + 1)));
  std::string decoded;
  try {
    std::istringstream in(encoded);
    Poco::Base64Decoder decoder(in);
    std::ostringstream out;
    out << decoder.rdbuf();
    decoded = out.str();
  } catch (Poco::Exception const&) {
    return std::nullopt;
  }
  std::size_t colon = decoded.find(':');
  if (colon == std::string::npos) return std::nullopt;
  // RFC 6749 §2.3.1: both parts are application/x-www-form-urlencoded before being joined.
  return BasicCredentials{Decode(decoded.substr(0, colon)), Decode(decoded.substr(colon + 1))};
}

std::optional<std::string> ParseBearerAuthorization(std::string_view header) {
  std::size_t space = header.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  if (Poco::icompare(std::string(header.substr(0, space)), "Bearer") != 0) return std::nullopt;
  std::string token = Poco::trim(std::string(header.substr(space + 1)));
  if (token.empty()) return std::nullopt;
  return token;
}

}  // namespace gauthflow::mockserver
