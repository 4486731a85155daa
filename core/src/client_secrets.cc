#include "gauthflow/client_secrets.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <iterator>
#include <optional>
#include <sstream>
#include <utility>

#include "gauthflow/internal/file_ops.h"
#include "internal/json_error_position.h"

namespace gauthflow {
namespace {

using Poco::JSON::Object;

// Every message starts with the source and names the field by its path in the document,
// e.g. "client_secret.json: installed.client_id is missing". Values are never quoted: the
// document holds the client secret.
class FieldReader {
 public:
  FieldReader(Object::Ptr object, std::string_view source, std::string prefix)
      : object_(std::move(object)), source_(source), prefix_(std::move(prefix)) {}

  tl::unexpected<Error> Fail(ErrorCode code, std::string const& field,
                             std::string const& what) const {
    return MakeError(code, std::string(source_) + ": " + prefix_ + "." + field + " " + what);
  }

  // nullopt when absent or null; an error when present with another type than string.
  Result<std::optional<std::string>> OptionalString(std::string const& field) const {
    if (!object_->has(field) || object_->isNull(field)) return std::optional<std::string>();
    auto const value = object_->get(field);
    if (!value.isString()) {
      return Fail(ErrorCode::kInvalidField, field, "must be a string");
    }
    return std::optional<std::string>(value.extract<std::string>());
  }

  Result<std::string> RequiredString(std::string const& field) const {
    auto value = OptionalString(field);
    if (!value) return tl::unexpected(value.error());
    if (!*value || (*value)->empty()) {
      return Fail(ErrorCode::kMissingField, field, "is missing or empty");
    }
    return **std::move(value);
  }

  // An absent or null URL keeps `fallback` (Google's own endpoint).
  Result<std::string> OptionalUrl(std::string const& field, std::string fallback) const {
    auto value = OptionalString(field);
    if (!value) return tl::unexpected(value.error());
    if (!*value) return fallback;
    if (!IsHttpUrl(**value)) {
      return Fail(ErrorCode::kInvalidField, field, "must be an http(s) URL with a host");
    }
    return **std::move(value);
  }

  Result<std::vector<std::string>> OptionalStringArray(std::string const& field) const {
    std::vector<std::string> out;
    if (!object_->has(field) || object_->isNull(field)) return out;
    auto const array = object_->getArray(field);
    if (!array) return Fail(ErrorCode::kInvalidField, field, "must be an array of strings");
    for (std::size_t i = 0; i < array->size(); ++i) {
      auto const item = array->get(static_cast<unsigned>(i));
      if (!item.isString()) {
        return Fail(ErrorCode::kInvalidField, field + "[" + std::to_string(i) + "]",
                    "must be a string");
      }
      out.push_back(item.extract<std::string>());
    }
    return out;
  }

 private:
  static bool IsHttpUrl(std::string const& text) {
    try {
      Poco::URI const uri(text);
      auto const scheme = Poco::toLower(uri.getScheme());
      return (scheme == "http" || scheme == "https") && !uri.getHost().empty();
    } catch (Poco::Exception const&) {
      return false;
    }
  }

  Object::Ptr object_;
  std::string_view source_;
  std::string prefix_;
};

tl::unexpected<Error> NotAnObject(std::string_view source) {
  return MakeError(ErrorCode::kMalformedJson,
                   std::string(source) + ": the top level must be a JSON object "
                                         "({\"installed\": {...}} or {\"web\": {...}})");
}

Result<Object::Ptr> ParseTopLevelObject(std::string_view json, std::string_view source) {
  std::string const text(json);
  Poco::Dynamic::Var parsed;
  try {
    Poco::JSON::Parser parser;
    parsed = parser.parse(text);
  } catch (Poco::Exception const& e) {
    // Poco's handler cannot hold a scalar top level ("Attempt to set value on an empty
    // stack"); such text is valid JSON (RFC 8259 §2), just not an object.
    auto const offset = internal::JsonSyntaxErrorOffset(text);
    auto const first = text.find_first_not_of(" \t\r\n");
    if (!offset && first != std::string::npos && text[first] != '{') return NotAnObject(source);
    // Where the scan and Poco disagree (Poco is stricter, e.g. about encodings), Poco's reason
    // is still given, without a position.
    std::string const where = offset ? " at " + internal::DescribeOffset(text, *offset) : "";
    return MakeError(ErrorCode::kMalformedJson,
                     std::string(source) + ": not valid JSON" + where + ": " + e.message());
  }
  if (parsed.type() != typeid(Object::Ptr) || !parsed.extract<Object::Ptr>()) {
    return NotAnObject(source);
  }
  return parsed.extract<Object::Ptr>();
}

}  // namespace

Result<ClientSecrets> ParseClientSecrets(std::string_view json, std::string_view source) {
  auto top = ParseTopLevelObject(json, source);
  if (!top) return tl::unexpected(top.error());

  bool const installed = (*top)->has("installed");
  bool const web = (*top)->has("web");
  if (installed == web) {
    std::string keys;
    for (auto const& name : (*top)->getNames()) {
      keys += keys.empty() ? "" : ", ";
      keys += "\"" + name + "\"";
    }
    if (keys.empty()) keys = "none";
    return MakeError(ErrorCode::kUnknownClientType,
                     std::string(source) +
                         (installed ? ": has both \"installed\" and \"web\"; expected one"
                                    : ": expected a top-level \"installed\" or \"web\" key") +
                         " (keys found: " + keys + ")");
  }
  std::string const type_key = installed ? "installed" : "web";
  auto const body = (*top)->getObject(type_key);
  if (!body) {
    return MakeError(ErrorCode::kInvalidField,
                     std::string(source) + ": " + type_key + " must be a JSON object");
  }

  FieldReader const reader(body, source, type_key);
  ClientSecrets secrets;
  secrets.type = installed ? ClientType::kInstalled : ClientType::kWeb;

  auto client_id = reader.RequiredString("client_id");
  if (!client_id) return tl::unexpected(client_id.error());
  secrets.client_id = *std::move(client_id);

  auto client_secret = reader.RequiredString("client_secret");
  if (!client_secret) return tl::unexpected(client_secret.error());
  secrets.client_secret = *std::move(client_secret);

  auto auth_uri = reader.OptionalUrl("auth_uri", secrets.auth_uri);
  if (!auth_uri) return tl::unexpected(auth_uri.error());
  secrets.auth_uri = *std::move(auth_uri);

  auto token_uri = reader.OptionalUrl("token_uri", secrets.token_uri);
  if (!token_uri) return tl::unexpected(token_uri.error());
  secrets.token_uri = *std::move(token_uri);

  auto redirect_uris = reader.OptionalStringArray("redirect_uris");
  if (!redirect_uris) return tl::unexpected(redirect_uris.error());
  secrets.redirect_uris = *std::move(redirect_uris);

  auto project_id = reader.OptionalString("project_id");
  if (!project_id) return tl::unexpected(project_id.error());
  secrets.project_id = project_id->value_or(std::string());

  auto cert_url = reader.OptionalString("auth_provider_x509_cert_url");
  if (!cert_url) return tl::unexpected(cert_url.error());
  secrets.auth_provider_x509_cert_url = cert_url->value_or(std::string());

  return secrets;
}

Result<ClientSecrets> LoadClientSecretsFile(std::string const& path) {
  // A downloaded client_secret.json is under 1 KiB; the bound keeps /dev/zero or a huge file
  // from being read into memory, and ReadRegularFile refuses FIFOs and devices before reading.
  constexpr std::size_t kMaxClientSecretsSize = 1 << 20;
  auto file = internal::ReadRegularFile(path, kMaxClientSecretsSize);
  if (!file) {
    Error error = file.error();
    if (error.code == ErrorCode::kFileNotFound) {
      error.message = path + ": client secrets file not found (download it from the Google "
                             "Cloud console, APIs & Services > Credentials)";
    } else {
      error.message += " (expected a client secrets file)";
    }
    return tl::unexpected(std::move(error));
  }
  return ParseClientSecrets(file->bytes, path);
}

Endpoints EndpointsFor(ClientSecrets const& secrets) {
  Endpoints endpoints = GoogleEndpoints();
  endpoints.auth = secrets.auth_uri;
  endpoints.token = secrets.token_uri;
  return endpoints;
}

}  // namespace gauthflow
