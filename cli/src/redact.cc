#include "gauthflow/cli/redact.h"

#include <cstdio>

#include <algorithm>
#include <array>
#include <cctype>
#include <sstream>

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/UTF8Encoding.h>

namespace gauthflow::cli {
namespace {

constexpr std::array<std::string_view, 13> kSecretNames = {
    "access_token", "refresh_token", "id_token",      "code",   "code_verifier",
    "client_secret", "device_code",  "token",         "state",  "assertion",
    "password",      "tx",           "subject_token"};

bool IEquals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

// name=value&name=value with secret values replaced; the separators are kept as they were.
std::string RedactPairs(std::string_view text) {
  std::string out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto amp = text.find('&', pos);
    if (amp == std::string_view::npos) amp = text.size();
    auto const pair = text.substr(pos, amp - pos);
    auto const eq = pair.find('=');
    if (eq != std::string_view::npos && IsSecretName(pair.substr(0, eq))) {
      out.append(pair.substr(0, eq + 1));
      out.append(kRedacted);
    } else {
      out.append(pair);
    }
    if (amp < text.size()) out.push_back('&');
    pos = amp + 1;
  }
  return out;
}

void RedactValue(Poco::Dynamic::Var const& value);

void RedactObject(Poco::JSON::Object& object) {
  for (auto& [key, value] : object) {
    if (IsSecretName(key) && value.isString()) {
      value = std::string(kRedacted);
    } else {
      RedactValue(value);
    }
  }
}

// Objects and arrays are held by pointer, so they are redacted in place.
void RedactValue(Poco::Dynamic::Var const& value) {
  if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
    if (auto object = value.extract<Poco::JSON::Object::Ptr>()) RedactObject(*object);
  } else if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
    if (auto array = value.extract<Poco::JSON::Array::Ptr>()) {
      for (auto const& item : *array) RedactValue(item);
    }
  }
}

std::string Size(std::string_view body, std::string_view what) {
  return "(" + std::to_string(body.size()) + " bytes" + (what.empty() ? "" : ", ") +
         std::string(what) + ")";
}

}  // namespace

bool IsSecretName(std::string_view name) {
  return std::any_of(kSecretNames.begin(), kSecretNames.end(),
                     [&](std::string_view secret) { return IEquals(secret, name); });
}

std::string RedactUrl(std::string_view url) {
  auto const question = url.find('?');
  if (question == std::string_view::npos) return std::string(url);
  auto const hash = url.find('#', question);
  std::string out(url.substr(0, question + 1));
  out += RedactPairs(url.substr(question + 1, hash == std::string_view::npos
                                                  ? std::string_view::npos
                                                  : hash - question - 1));
  if (hash != std::string_view::npos) out += RedactPairs(url.substr(hash));
  return out;
}

std::string RedactForm(std::string_view body) { return RedactPairs(body); }

std::string RedactJson(std::string_view body) {
  try {
    Poco::JSON::Parser parser;
    auto value = parser.parse(std::string(body));
    RedactValue(value);
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(value, out, 0);
    return out.str();
  } catch (Poco::Exception const&) {
    return Size(body, "not JSON");
  }
}

std::string RedactHeader(std::string_view name, std::string_view value) {
  if (IEquals(name, "Authorization") || IEquals(name, "Proxy-Authorization")) {
    auto const space = value.find(' ');
    return std::string(value.substr(0, space == std::string_view::npos ? 0 : space + 1)) +
           kRedacted;
  }
  if (IEquals(name, "Cookie") || IEquals(name, "Set-Cookie")) return kRedacted;
  if (IEquals(name, "Location")) return RedactUrl(value);
  return std::string(value);
}

std::string RedactBody(HttpHeaders const& headers, std::string_view body) {
  if (body.empty()) return {};
  auto const type = FindHeader(headers, "Content-Type").value_or("");
  if (type.find("application/x-www-form-urlencoded") != std::string::npos) {
    return RedactForm(body);
  }
  if (type.find("json") != std::string::npos || type.empty()) {
    auto const first = body.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && (body[first] == '{' || body[first] == '[')) {
      return RedactJson(body);
    }
  }
  return Size(body, type);
}

std::string DescribeExchange(HttpRequest const& request, Result<HttpResponse> const& result) {
  std::ostringstream out;
  out << "> " << request.method << " " << RedactUrl(request.url) << "\n";
  for (auto const& [name, value] : request.headers) {
    out << "> " << name << ": " << RedactHeader(name, value) << "\n";
  }
  if (!request.body.empty()) out << "> " << RedactBody(request.headers, request.body) << "\n";
  if (!result) {
    out << "! " << ToString(result.error()) << "\n";
    return out.str();
  }
  out << "< " << result->status << "\n";
  for (auto const& [name, value] : result->headers) {
    out << "< " << name << ": " << RedactHeader(name, value) << "\n";
  }
  if (!result->body.empty()) out << "< " << RedactBody(result->headers, result->body) << "\n";
  return out.str();
}

namespace {

void AppendEscape(std::string& out, char const* format, unsigned value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, format, value);
  out += buffer;
}

// The length of the valid UTF-8 sequence starting at text[i] (Poco's UTF8Encoding: no
// overlong forms, no surrogates), or 0. `code_point` receives its value.
std::size_t Utf8SequenceAt(std::string_view text, std::size_t i, unsigned& code_point) {
  static Poco::UTF8Encoding const kUtf8;
  auto const* bytes = reinterpret_cast<unsigned char const*>(text.data() + i);
  int const available = static_cast<int>(std::min<std::size_t>(text.size() - i, 4));
  int const length = kUtf8.sequenceLength(bytes, available);
  if (length <= 0 || length > available || !Poco::UTF8Encoding::isLegal(bytes, length)) return 0;
  int const value = kUtf8.queryConvert(bytes, length);
  if (value < 0) return 0;
  code_point = static_cast<unsigned>(value);
  return static_cast<std::size_t>(length);
}

}  // namespace

std::string TerminalSafe(std::string_view text, bool keep_line_breaks) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    auto const c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      bool const layout = keep_line_breaks && (c == '\n' || c == '\t');
      if ((c < 0x20 || c == 0x7F) && !layout) {
        AppendEscape(out, "\\x%02x", c);
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    unsigned code_point = 0;
    std::size_t const length = Utf8SequenceAt(text, i, code_point);
    if (length == 0) {
      AppendEscape(out, "\\x%02x", c);  // a raw 8-bit byte, C1 (0x80-0x9F) included
      ++i;
    } else if (code_point <= 0x9F) {
      AppendEscape(out, "\\u%04x", code_point);  // C1 control, UTF-8 encoded
      i += length;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

}  // namespace gauthflow::cli
