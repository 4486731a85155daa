#include "drive/drive_errors.h"

#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

namespace gauthflow::mockserver {
namespace {

constexpr char kInvalidArgument[] = "INVALID_ARGUMENT";

ApiErrorItem Item(std::string message, std::string reason, std::string location = "",
                  std::string location_type = "") {
  ApiErrorItem item;
  item.message = std::move(message);
  item.reason = std::move(reason);
  item.location = std::move(location);
  item.location_type = std::move(location_type);
  return item;
}

}  // namespace

HttpAnswer DriveInvalidValue(std::string const& parameter) {
  return GoogleApiError(400, kInvalidArgument, Item("Invalid Value", "invalid", parameter, "parameter"));
}

HttpAnswer DriveInvalidParameter(std::string const& parameter, std::string const& message) {
  return GoogleApiError(400, kInvalidArgument, Item(message, "invalid", parameter, "parameter"));
}

HttpAnswer DriveBadRequest(std::string const& parameter, std::string const& message) {
  return GoogleApiError(400, kInvalidArgument, Item(message, "badRequest", parameter, "parameter"));
}

HttpAnswer DriveInvalidFieldSelection(std::string const& field) {
  return GoogleApiError(400, kInvalidArgument,
                        Item("Invalid field selection " + field, "invalidParameter", "fields", "parameter"));
}

HttpAnswer DriveRequiredParameter(std::string const& parameter, std::string const& message) {
  return GoogleApiError(400, kInvalidArgument, Item(message, "required", parameter, "parameter"));
}

HttpAnswer DriveFileNotFound(std::string const& file_id) {
  return GoogleApiError(404, "NOT_FOUND",
                        Item("File not found: " + file_id + ".", "notFound", "fileId", "parameter"));
}

HttpAnswer DriveRouteNotFound() { return GoogleApiError(404, "NOT_FOUND", Item("Not Found", "notFound")); }

HttpAnswer DriveNotImplemented(std::string const& method_id) {
  return GoogleApiError(501, "UNIMPLEMENTED",
                        Item("The fake Google server does not implement " + method_id + ".", "notImplemented"));
}

HttpAnswer DriveInsufficientScopes(std::vector<std::string> const& accepted_scopes,
                                   std::string const& rpc_method) {
  // Google's 403 carries two messages: the top-level one and "Insufficient Permission" in the
  // errors[] entry, plus a google.rpc.ErrorInfo detail; GoogleApiError has one message, so the
  // body is built here.
  Poco::JSON::Object entry(Poco::JSON_PRESERVE_KEY_ORDER);
  entry.set("message", "Insufficient Permission");
  entry.set("domain", "global");
  entry.set("reason", "insufficientPermissions");
  Poco::JSON::Array errors;
  errors.add(entry);
  Poco::JSON::Object metadata(Poco::JSON_PRESERVE_KEY_ORDER);
  metadata.set("service", "drive.googleapis.com");
  metadata.set("method", rpc_method);
  Poco::JSON::Object info(Poco::JSON_PRESERVE_KEY_ORDER);
  info.set("@type", "type.googleapis.com/google.rpc.ErrorInfo");
  info.set("reason", "ACCESS_TOKEN_SCOPE_INSUFFICIENT");
  info.set("domain", "googleapis.com");
  info.set("metadata", metadata);
  Poco::JSON::Array details;
  details.add(info);
  Poco::JSON::Object error(Poco::JSON_PRESERVE_KEY_ORDER);
  error.set("code", 403);
  error.set("message", "Request had insufficient authentication scopes.");
  error.set("errors", errors);
  error.set("status", "PERMISSION_DENIED");
  error.set("details", details);
  Poco::JSON::Object root(Poco::JSON_PRESERVE_KEY_ORDER);
  root.set("error", error);
  std::ostringstream body;
  root.stringify(body, 2);

  std::string scopes;
  for (std::string const& scope : accepted_scopes) scopes += (scopes.empty() ? "" : " ") + scope;
  HttpAnswer answer;
  answer.status = 403;
  answer.body = body.str();
  // Google leaves the error token unquoted here (observed on googleapis.com responses).
  answer.headers.emplace_back("WWW-Authenticate",
                              "Bearer realm=\"https://accounts.google.com/\", error=insufficient_scope, "
                              "scope=\"" + scopes + "\"");
  return answer;
}

HttpAnswer DriveSpacesNotGranted() {
  return GoogleApiError(
      403, "PERMISSION_DENIED",
      Item("The granted scopes do not give access to all of the requested spaces.", "insufficientScopes"));
}

HttpAnswer DriveFileNotDownloadable() {
  return GoogleApiError(
      403, "PERMISSION_DENIED",
      Item("Only files with binary content can be downloaded. Use Export with Docs Editors files.",
           "fileNotDownloadable", "alt", "parameter"));
}

}  // namespace gauthflow::mockserver
