#include "gauthflow/drive.h"

#include <sstream>
#include <utility>

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include "gauthflow/endpoints.h"
#include "internal/oauth_wire.h"

namespace gauthflow {
namespace {

constexpr char kListSource[] = "Drive files.list response";

std::string Compact(Poco::Dynamic::Var const& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(value, out, 0);
  return out.str();
}

std::string StringMember(Poco::JSON::Object const& object, std::string const& key) {
  if (!object.has(key) || object.isNull(key)) return {};
  auto const value = object.get(key);
  return value.isString() ? value.extract<std::string>() : Compact(value);
}

// The value of `name` among the auth-params of a WWW-Authenticate challenge
// (RFC 9110 §11.2: name=token or name="quoted string"); empty when absent.
std::string ChallengeParam(std::string_view header, std::string_view name) {
  std::size_t pos = 0;
  while (pos < header.size()) {
    auto const eq = header.find('=', pos);
    if (eq == std::string_view::npos) break;
    // The parameter name is the word right before '='.
    auto start = eq;
    while (start > pos && header[start - 1] != ' ' && header[start - 1] != ',') --start;
    auto const key = header.substr(start, eq - start);
    std::string value;
    auto i = eq + 1;
    if (i < header.size() && header[i] == '"') {
      for (++i; i < header.size() && header[i] != '"'; ++i) {
        if (header[i] == '\\' && i + 1 < header.size()) ++i;
        value.push_back(header[i]);
      }
      ++i;
    } else {
      for (; i < header.size() && header[i] != ',' && header[i] != ' '; ++i) {
        value.push_back(header[i]);
      }
    }
    if (key == name) return value;
    pos = i;
  }
  return {};
}

}  // namespace

Result<DriveFileList> ParseDriveFileList(std::string_view body) {
  auto root = internal::ParseJsonObject(body, kListSource);
  if (!root) return tl::unexpected(root.error());
  Poco::JSON::Object const& object = **root;
  DriveFileList list;
  if (object.has("files") && !object.isNull("files")) {
    auto files = object.getArray("files");
    if (!files) {
      return MakeError(ErrorCode::kInvalidField,
                       std::string(kListSource) + ": \"files\" is not an array");
    }
    for (std::size_t i = 0; i < files->size(); ++i) {
      auto file = files->getObject(static_cast<unsigned>(i));
      if (!file) {
        return MakeError(ErrorCode::kInvalidField, std::string(kListSource) + ": \"files\"[" +
                                                       std::to_string(i) + "] is not an object");
      }
      DriveFile out;
      out.id = StringMember(*file, "id");
      out.name = StringMember(*file, "name");
      out.mime_type = StringMember(*file, "mimeType");
      if (file->has("modifiedTime") && !file->isNull("modifiedTime")) {
        out.modified_time = StringMember(*file, "modifiedTime");
      }
      for (auto const& [key, value] : *file) {
        out.fields.emplace(key, value.isString() ? value.extract<std::string>() : Compact(value));
      }
      out.json = Compact(file);
      list.files.push_back(std::move(out));
    }
  }
  if (auto token = StringMember(object, "nextPageToken"); !token.empty()) {
    list.next_page_token = std::move(token);
  }
  if (object.has("incompleteSearch")) {
    auto const value = object.get("incompleteSearch");
    list.incomplete_search = value.isBoolean() && value.extract<bool>();
  }
  return list;
}

Error ParseGoogleApiError(HttpResponse const& response, std::string_view what) {
  std::string message;
  std::string reason;
  std::string status_name;
  try {
    Poco::JSON::Parser parser;
    auto const parsed = parser.parse(response.body);
    auto const root = parsed.extract<Poco::JSON::Object::Ptr>();
    auto const error = root ? root->getObject("error") : nullptr;
    if (error) {
      message = StringMember(*error, "message");
      status_name = StringMember(*error, "status");
      if (auto errors = error->getArray("errors"); errors && errors->size() > 0) {
        if (auto first = errors->getObject(0)) reason = StringMember(*first, "reason");
      }
    }
  } catch (Poco::Exception const&) {
    // Not Google's JSON shape: the excerpt below describes it.
  }
  if (message.empty()) message = internal::SafeExcerpt(response.body);

  std::string text = std::string(what) + " answered HTTP " + std::to_string(response.status);
  if (!message.empty()) text += ": " + message;
  if (!reason.empty()) text += " (" + reason + ")";

  ErrorCode code = ErrorCode::kUnexpectedResponse;
  switch (response.status) {
    case 400: code = ErrorCode::kInvalidArgument; break;
    case 401: code = ErrorCode::kUnauthenticated; break;
    case 403: code = ErrorCode::kPermissionDenied; break;
    case 404: code = ErrorCode::kNotFound; break;
    default:
      if (response.status == 429 || response.status >= 500) code = ErrorCode::kServerError;
  }
  // RFC 6750 §3.1: a 403 for a token without the needed scope says which scope in the
  // challenge. Rate limits are 403 too (reason userRateLimitExceeded), so the header decides.
  if (auto challenge = FindHeader(response.headers, "WWW-Authenticate")) {
    if (ChallengeParam(*challenge, "error") == "insufficient_scope") {
      auto const scope = ChallengeParam(*challenge, "scope");
      text += scope.empty() ? "; the access token lacks a needed scope"
                            : "; the access token lacks the scope it needs: " + scope;
    }
  }
  Error error{code, std::move(text)};
  error.http_status = response.status;
  error.server_error = reason.empty() ? status_name : reason;
  return error;
}

DriveClient::DriveClient(HttpClient& http, std::string drive_base_url, DriveClientOptions options)
    : http_(http), base_url_(std::move(drive_base_url)), options_(options) {
  if (!base_url_.empty() && base_url_.back() != '/') base_url_.push_back('/');
}

std::string DriveClient::ListFilesUrl(DriveListRequest const& request) const {
  std::vector<std::pair<std::string, std::string>> params;
  if (!request.order_by.empty()) params.emplace_back("orderBy", request.order_by);
  if (request.page_size) params.emplace_back("pageSize", std::to_string(*request.page_size));
  if (!request.page_token.empty()) params.emplace_back("pageToken", request.page_token);
  if (!request.query.empty()) params.emplace_back("q", request.query);
  if (!request.fields.empty()) params.emplace_back("fields", request.fields);
  std::string url = base_url_ + "files";
  if (!params.empty()) url += "?" + internal::EncodeForm(params);
  return url;
}

Result<DriveFileList> DriveClient::ListFiles(std::string const& access_token,
                                             DriveListRequest const& request) {
  if (access_token.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "Drive files.list: the access token is empty");
  }
  if (request.page_size && (*request.page_size < 1 || *request.page_size > 1000)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "Drive files.list: pageSize must be 1..1000, not " +
                         std::to_string(*request.page_size));
  }
  auto const url = ListFilesUrl(request);
  // The request carries a Bearer token (RFC 6750 §5.3: only over TLS, loopback aside).
  if (auto ok = CheckTransportSecurity(url, "Drive API", options_.allow_insecure_transport);
      !ok) {
    return tl::unexpected(ok.error());
  }
  HttpRequest http_request;
  http_request.method = "GET";
  http_request.url = url;
  http_request.headers.emplace_back("Authorization", "Bearer " + access_token);
  http_request.headers.emplace_back("Accept", "application/json");
  auto response = http_.Send(http_request);
  if (!response) return tl::unexpected(response.error());
  if (response->status < 200 || response->status > 299) {
    return tl::unexpected(ParseGoogleApiError(*response, "Drive files.list"));
  }
  return ParseDriveFileList(response->body);
}

}  // namespace gauthflow
