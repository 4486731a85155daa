#include "drive/drive_discovery_document.h"

#include <initializer_list>
#include <sstream>
#include <utility>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "drive/drive_scopes.h"

namespace gauthflow::mockserver {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr NewObject() { return new Object(Poco::JSON_PRESERVE_KEY_ORDER); }

Array::Ptr Strings(std::initializer_list<std::string> values) {
  Array::Ptr array = new Array();
  for (std::string const& value : values) array->add(value);
  return array;
}

Array::Ptr Strings(std::vector<std::string> const& values) {
  Array::Ptr array = new Array();
  for (std::string const& value : values) array->add(value);
  return array;
}

struct Param {
  char const* name;
  char const* type;
  char const* location;
  char const* description;
  char const* default_value = nullptr;
  bool required = false;
  bool deprecated = false;
};

Object::Ptr ParamJson(Param const& param) {
  Object::Ptr json = NewObject();
  json->set("description", param.description);
  if (param.default_value != nullptr) json->set("default", param.default_value);
  json->set("location", param.location);
  if (param.required) json->set("required", true);
  if (param.deprecated) json->set("deprecated", true);
  json->set("type", param.type);
  return json;
}

Object::Ptr Params(std::initializer_list<Param> params) {
  Object::Ptr json = NewObject();
  for (Param const& param : params) json->set(param.name, ParamJson(param));
  return json;
}

Object::Ptr Ref(char const* name) {
  Object::Ptr json = NewObject();
  json->set("$ref", name);
  return json;
}

Object::Ptr Property(char const* type, char const* description, char const* format = nullptr) {
  Object::Ptr json = NewObject();
  json->set("description", description);
  if (format != nullptr) json->set("format", format);
  json->set("type", type);
  return json;
}

Object::Ptr ArrayOf(Object::Ptr items, char const* description) {
  Object::Ptr json = NewObject();
  json->set("description", description);
  json->set("items", items);
  json->set("type", "array");
  return json;
}

Object::Ptr StringMap(char const* description) {
  Object::Ptr json = NewObject();
  Object::Ptr values = NewObject();
  values->set("type", "string");
  json->set("additionalProperties", values);
  json->set("description", description);
  json->set("type", "object");
  return json;
}

Object::Ptr Schema(char const* id, char const* description, Object::Ptr properties) {
  Object::Ptr json = NewObject();
  json->set("description", description);
  json->set("id", id);
  json->set("properties", properties);
  json->set("type", "object");
  return json;
}

Object::Ptr RootParameters() {
  Object::Ptr json = NewObject();
  Object::Ptr xgafv = ParamJson({"$.xgafv", "string", "query", "V1 error format."});
  xgafv->set("enum", Strings({"1", "2"}));
  xgafv->set("enumDescriptions", Strings({"v1 error format", "v2 error format"}));
  json->set("$.xgafv", xgafv);
  json->set("access_token", ParamJson({"access_token", "string", "query", "OAuth access token."}));
  Object::Ptr alt = ParamJson({"alt", "string", "query", "Data format for response.", "json"});
  alt->set("enum", Strings({"json", "media", "proto"}));
  alt->set("enumDescriptions", Strings({"Responses with Content-Type of application/json",
                                        "Media download with context-dependent Content-Type",
                                        "Responses with Content-Type of application/x-protobuf"}));
  json->set("alt", alt);
  json->set("callback", ParamJson({"callback", "string", "query", "JSONP"}));
  json->set("fields", ParamJson({"fields", "string", "query",
                                 "Selector specifying which fields to include in a partial response."}));
  json->set("key", ParamJson({"key", "string", "query",
                              "API key. Your API key identifies your project and provides you with API "
                              "access, quota, and reports. Required unless you provide an OAuth 2.0 token."}));
  json->set("oauth_token", ParamJson({"oauth_token", "string", "query", "OAuth 2.0 token for the current user."}));
  json->set("prettyPrint",
            ParamJson({"prettyPrint", "boolean", "query", "Returns response with indentations and line breaks.", "true"}));
  json->set("quotaUser", ParamJson({"quotaUser", "string", "query",
                                    "Available to use for quota purposes for server-side applications. Can be "
                                    "any arbitrary string assigned to a user, but should not exceed 40 characters."}));
  json->set("upload_protocol", ParamJson({"upload_protocol", "string", "query",
                                          "Upload protocol for media (e.g. \"raw\", \"multipart\")."}));
  json->set("uploadType", ParamJson({"uploadType", "string", "query",
                                     "Legacy upload protocol for media (e.g. \"media\", \"multipart\")."}));
  json->set("userIp", ParamJson({"userIp", "string", "query",
                                 "Deprecated. Please use quotaUser instead."}));
  return json;
}

Object::Ptr Scopes() {
  Object::Ptr scopes = NewObject();
  auto const add = [&](char const* scope, char const* description) {
    Object::Ptr json = NewObject();
    json->set("description", description);
    scopes->set(scope, json);
  };
  add(kDriveScope, "See, edit, create, and delete all of your Google Drive files");
  add(kDriveAppdataScope, "See, create, and delete its own configuration data in your Google Drive");
  add("https://www.googleapis.com/auth/drive.apps.readonly", "View your Google Drive apps");
  add(kDriveFileScope, "See, edit, create, and delete only the specific Google Drive files you use with this app");
  add(kDriveMeetReadonlyScope, "See and download your Google Drive files that were created or edited by Google Meet.");
  add(kDriveMetadataScope, "View and manage metadata of files in your Google Drive");
  add(kDriveMetadataReadonlyScope, "See information about your Google Drive files");
  add(kDrivePhotosReadonlyScope, "View the photos, videos and albums in your Google Photos");
  add(kDriveReadonlyScope, "See and download all your Google Drive files");
  add("https://www.googleapis.com/auth/drive.scripts", "Modify your Google Apps Script scripts' behavior");
  Object::Ptr oauth2 = NewObject();
  oauth2->set("scopes", scopes);
  Object::Ptr auth = NewObject();
  auth->set("oauth2", oauth2);
  return auth;
}

Object::Ptr FilesListMethod() {
  Object::Ptr method = NewObject();
  method->set("description", "Lists the user's files.");
  method->set("flatPath", "files");
  method->set("httpMethod", "GET");
  method->set("id", "drive.files.list");
  method->set("parameterOrder", Array::Ptr(new Array()));
  Object::Ptr params = Params({
      {"corpora", "string", "query",
       "Bodies of items (files/documents) to which the query applies. Supported bodies are 'user', "
       "'domain', 'drive', and 'allDrives'."},
      {"driveId", "string", "query", "ID of the shared drive to search."},
      {"includeItemsFromAllDrives", "boolean", "query",
       "Whether both My Drive and shared drive items should be included in results.", "false"},
      {"includeLabels", "string", "query",
       "A comma-separated list of IDs of labels to include in the `labelInfo` part of the response."},
      {"includePermissionsForView", "string", "query",
       "Specifies which additional view's permissions to include in the response. Only 'published' is supported."},
      {"includeTeamDriveItems", "boolean", "query", "Deprecated: Use `includeItemsFromAllDrives` instead.",
       "false", false, true},
      {"orderBy", "string", "query",
       "A comma-separated list of sort keys. Valid keys are `createdTime`, `folder`, `modifiedByMeTime`, "
       "`modifiedTime`, `name`, `name_natural`, `quotaBytesUsed`, `recency`, `sharedWithMeTime`, "
       "`starred`, and `viewedByMeTime`. Each key sorts ascending by default, but can be reversed with "
       "the `desc` modifier."},
      {"pageToken", "string", "query",
       "The token for continuing a previous list request on the next page. This should be set to the "
       "value of 'nextPageToken' from the previous response."},
      {"q", "string", "query", "A query for filtering the file results."},
      {"spaces", "string", "query",
       "A comma-separated list of spaces to query within the corpora. Supported values are 'drive' and "
       "'appDataFolder'.", "drive"},
      {"supportsAllDrives", "boolean", "query",
       "Whether the requesting application supports both My Drives and shared drives.", "false"},
      {"supportsTeamDrives", "boolean", "query", "Deprecated: Use `supportsAllDrives` instead.", "false",
       false, true},
      {"teamDriveId", "string", "query", "Deprecated: Use `driveId` instead.", nullptr, false, true},
  });
  Object::Ptr corpus = ParamJson({"corpus", "string", "query",
                                  "Deprecated: The source of files to list. Use 'corpora' instead."});
  corpus->set("deprecated", true);
  corpus->set("enum", Strings({"domain", "user"}));
  corpus->set("enumDescriptions", Strings({"Files shared to the user's domain.", "Files owned by or shared to the user."}));
  params->set("corpus", corpus);
  // Discovery documents carry integer bounds and defaults as strings.
  Object::Ptr page_size = NewObject();
  page_size->set("default", "100");
  page_size->set("description",
                 "The maximum number of files to return per page. Partial or empty result pages are "
                 "possible even before the end of the files list has been reached.");
  page_size->set("format", "int32");
  page_size->set("location", "query");
  page_size->set("maximum", "1000");
  page_size->set("minimum", "1");
  page_size->set("type", "integer");
  params->set("pageSize", page_size);
  method->set("parameters", params);
  method->set("path", "files");
  method->set("response", Ref("FileList"));
  method->set("scopes", Strings(AcceptedScopes(DriveMethod::kFilesList)));
  return method;
}

Object::Ptr FilesGetMethod() {
  Object::Ptr method = NewObject();
  method->set("description", "Gets a file's metadata or content by ID.");
  method->set("flatPath", "files/{fileId}");
  method->set("httpMethod", "GET");
  method->set("id", "drive.files.get");
  method->set("parameterOrder", Strings({"fileId"}));
  method->set("parameters",
              Params({
                  {"acknowledgeAbuse", "boolean", "query",
                   "Whether the user is acknowledging the risk of downloading known malware or other "
                   "abusive files. This is only applicable when the `alt` parameter is set to `media`.",
                   "false"},
                  {"fileId", "string", "path", "The ID of the file.", nullptr, true},
                  {"includeLabels", "string", "query",
                   "A comma-separated list of IDs of labels to include in the `labelInfo` part of the response."},
                  {"includePermissionsForView", "string", "query",
                   "Specifies which additional view's permissions to include in the response."},
                  {"supportsAllDrives", "boolean", "query",
                   "Whether the requesting application supports both My Drives and shared drives.", "false"},
                  {"supportsTeamDrives", "boolean", "query", "Deprecated: Use `supportsAllDrives` instead.",
                   "false", false, true},
              }));
  method->set("path", "files/{fileId}");
  method->set("response", Ref("File"));
  method->set("scopes", Strings(AcceptedScopes(DriveMethod::kFilesGet)));
  method->set("supportsMediaDownload", true);
  method->set("useMediaDownloadService", true);
  return method;
}

Object::Ptr AboutGetMethod() {
  Object::Ptr method = NewObject();
  method->set("description", "Gets information about the user, the user's Drive, and system capabilities.");
  method->set("flatPath", "about");
  method->set("httpMethod", "GET");
  method->set("id", "drive.about.get");
  method->set("parameterOrder", Array::Ptr(new Array()));
  method->set("parameters", NewObject());
  method->set("path", "about");
  method->set("response", Ref("About"));
  method->set("scopes", Strings(AcceptedScopes(DriveMethod::kAboutGet)));
  return method;
}

Object::Ptr Resources() {
  Object::Ptr files_methods = NewObject();
  files_methods->set("get", FilesGetMethod());
  files_methods->set("list", FilesListMethod());
  Object::Ptr files = NewObject();
  files->set("methods", files_methods);
  Object::Ptr about_methods = NewObject();
  about_methods->set("get", AboutGetMethod());
  Object::Ptr about = NewObject();
  about->set("methods", about_methods);
  Object::Ptr resources = NewObject();
  resources->set("about", about);
  resources->set("files", files);
  return resources;
}

Object::Ptr UserSchema() {
  Object::Ptr props = NewObject();
  props->set("displayName", Property("string", "Output only. A plain text displayable name for this user."));
  props->set("emailAddress", Property("string", "Output only. The email address of the user."));
  Object::Ptr kind = Property("string", "Output only. Identifies what kind of resource this is.");
  kind->set("default", "drive#user");
  props->set("kind", kind);
  props->set("me", Property("boolean", "Output only. Whether this user is the requesting user."));
  props->set("permissionId", Property("string", "Output only. The user's ID as visible in Permission resources."));
  props->set("photoLink", Property("string", "Output only. A link to the user's profile photo, if available."));
  return Schema("User", "Information about a Drive user.", props);
}

Object::Ptr FileSchema() {
  Object::Ptr props = NewObject();
  props->set("appProperties", StringMap("A collection of arbitrary key-value pairs which are private to the requesting app."));
  Object::Ptr capabilities = NewObject();
  capabilities->set("additionalProperties", Property("boolean", "A capability of the current user on this file."));
  capabilities->set("description", "Output only. Capabilities the current user has on this file.");
  capabilities->set("type", "object");
  props->set("capabilities", capabilities);
  props->set("copyRequiresWriterPermission", Property("boolean", "Whether the options to copy, print, or download this file should be disabled for readers and commenters."));
  props->set("createdTime", Property("string", "The time at which the file was created (RFC 3339 date-time).", "date-time"));
  props->set("description", Property("string", "A short description of the file."));
  props->set("explicitlyTrashed", Property("boolean", "Output only. Whether the file has been explicitly trashed."));
  props->set("fileExtension", Property("string", "Output only. The final component of `fullFileExtension`."));
  props->set("fullFileExtension", Property("string", "Output only. The full file extension extracted from the `name` field."));
  props->set("hasThumbnail", Property("boolean", "Output only. Whether this file has a thumbnail."));
  props->set("headRevisionId", Property("string", "Output only. The ID of the file's head revision."));
  props->set("iconLink", Property("string", "Output only. A static, unauthenticated link to the file's icon."));
  props->set("id", Property("string", "The ID of the file."));
  props->set("isAppAuthorized", Property("boolean", "Output only. Whether the file was created or opened by the requesting app."));
  Object::Ptr kind = Property("string", "Output only. Identifies what kind of resource this is.");
  kind->set("default", "drive#file");
  props->set("kind", kind);
  props->set("lastModifyingUser", Ref("User"));
  props->set("md5Checksum", Property("string", "Output only. The MD5 checksum for the content of the file."));
  props->set("mimeType", Property("string", "The MIME type of the file."));
  props->set("modifiedByMe", Property("boolean", "Output only. Whether the file has been modified by this user."));
  props->set("modifiedByMeTime", Property("string", "The last time the file was modified by the user (RFC 3339 date-time).", "date-time"));
  props->set("modifiedTime", Property("string", "The last time the file was modified by anyone (RFC 3339 date-time).", "date-time"));
  props->set("name", Property("string", "The name of the file."));
  props->set("originalFilename", Property("string", "The original filename of the uploaded content if available."));
  props->set("ownedByMe", Property("boolean", "Output only. Whether the user owns the file."));
  props->set("owners", ArrayOf(Ref("User"), "Output only. The owner of this file."));
  props->set("parents", ArrayOf(Property("string", "A parent folder ID."), "The ID of the parent folder containing the file."));
  props->set("permissionIds", ArrayOf(Property("string", "A permission ID."), "Output only. List of permission IDs for users with access to this file."));
  props->set("permissions", ArrayOf(Ref("Permission"), "Output only. The full list of permissions for the file."));
  props->set("properties", StringMap("A collection of arbitrary key-value pairs which are visible to all apps."));
  props->set("quotaBytesUsed", Property("string", "Output only. The number of storage quota bytes used by the file.", "int64"));
  props->set("shared", Property("boolean", "Output only. Whether the file has been shared."));
  props->set("sharedWithMeTime", Property("string", "The time at which the file was shared with the user, if applicable (RFC 3339 date-time).", "date-time"));
  props->set("size", Property("string", "Output only. Size in bytes of blobs and first party editor files.", "int64"));
  props->set("spaces", ArrayOf(Property("string", "A space."), "Output only. The list of spaces which contain the file."));
  props->set("starred", Property("boolean", "Whether the user has starred the file."));
  props->set("thumbnailVersion", Property("string", "Output only. The thumbnail version for use in thumbnail cache invalidation.", "int64"));
  props->set("trashed", Property("boolean", "Whether the file has been trashed, either explicitly or from a trashed parent folder."));
  props->set("version", Property("string", "Output only. A monotonically increasing version number for the file.", "int64"));
  props->set("viewedByMe", Property("boolean", "Output only. Whether the file has been viewed by this user."));
  props->set("viewedByMeTime", Property("string", "The last time the file was viewed by the user (RFC 3339 date-time).", "date-time"));
  props->set("viewersCanCopyContent", Property("boolean", "Deprecated: Use `copyRequiresWriterPermission` instead."));
  props->set("webContentLink", Property("string", "Output only. A link for downloading the content of the file in a browser."));
  props->set("webViewLink", Property("string", "Output only. A link for opening the file in a relevant Google editor or viewer in a browser."));
  props->set("writersCanShare", Property("boolean", "Whether users with only `writer` permission can modify the file's permissions."));
  return Schema("File", "The metadata for a file.", props);
}

Object::Ptr PermissionSchema() {
  Object::Ptr props = NewObject();
  props->set("allowFileDiscovery", Property("boolean", "Whether the permission allows the file to be discovered through search."));
  props->set("deleted", Property("boolean", "Output only. Whether the account associated with this permission has been deleted."));
  props->set("displayName", Property("string", "Output only. The \"pretty\" name of the value of the permission."));
  props->set("emailAddress", Property("string", "The email address of the user or group to which this permission refers."));
  props->set("id", Property("string", "Output only. The ID of this permission."));
  Object::Ptr kind = Property("string", "Output only. Identifies what kind of resource this is.");
  kind->set("default", "drive#permission");
  props->set("kind", kind);
  props->set("pendingOwner", Property("boolean", "Whether the account associated with this permission is a pending owner."));
  props->set("role", Property("string", "The role granted by this permission."));
  props->set("type", Property("string", "The type of the grantee."));
  return Schema("Permission", "A permission for a file.", props);
}

Object::Ptr FileListSchema() {
  Object::Ptr props = NewObject();
  props->set("files", ArrayOf(Ref("File"), "The list of files. If nextPageToken is populated, then this list may be incomplete and an additional page of results should be fetched."));
  props->set("incompleteSearch", Property("boolean", "Whether the search process was incomplete."));
  Object::Ptr kind = Property("string", "Identifies what kind of resource this is. Value: the fixed string `\"drive#fileList\"`.");
  kind->set("default", "drive#fileList");
  props->set("kind", kind);
  props->set("nextPageToken", Property("string", "The page token for the next page of files. This will be absent if the end of the files list has been reached."));
  return Schema("FileList", "A list of files.", props);
}

Object::Ptr AboutSchema() {
  Object::Ptr props = NewObject();
  props->set("appInstalled", Property("boolean", "Whether the user has installed the requesting app."));
  props->set("canCreateDrives", Property("boolean", "Whether the user can create shared drives."));
  props->set("exportFormats", StringMap("A map of source MIME type to possible targets for all supported exports."));
  props->set("folderColorPalette", ArrayOf(Property("string", "A color."), "The currently supported folder colors as RGB hex strings."));
  props->set("importFormats", StringMap("A map of source MIME type to possible targets for all supported imports."));
  Object::Ptr kind = Property("string", "Identifies what kind of resource this is.");
  kind->set("default", "drive#about");
  props->set("kind", kind);
  props->set("maxImportSizes", StringMap("A map of maximum import sizes by MIME type, in bytes."));
  props->set("maxUploadSize", Property("string", "The maximum upload size in bytes.", "int64"));
  Object::Ptr quota_props = NewObject();
  quota_props->set("limit", Property("string", "The usage limit, if applicable.", "int64"));
  quota_props->set("usage", Property("string", "The total usage across all services.", "int64"));
  quota_props->set("usageInDrive", Property("string", "The usage by all files in Google Drive.", "int64"));
  quota_props->set("usageInDriveTrash", Property("string", "The usage by trashed files in Google Drive.", "int64"));
  Object::Ptr quota = NewObject();
  quota->set("description", "The user's storage quota limits and usage.");
  quota->set("properties", quota_props);
  quota->set("type", "object");
  props->set("storageQuota", quota);
  props->set("user", Ref("User"));
  return Schema("About", "Information about the user, the user's Drive, and system capabilities.", props);
}

Object::Ptr Schemas() {
  Object::Ptr schemas = NewObject();
  schemas->set("About", AboutSchema());
  schemas->set("File", FileSchema());
  schemas->set("FileList", FileListSchema());
  schemas->set("Permission", PermissionSchema());
  schemas->set("User", UserSchema());
  return schemas;
}

}  // namespace

std::string DriveDiscoveryDocument(std::string const& base_url) {
  std::string root_url = base_url;
  if (root_url.empty() || root_url.back() != '/') root_url += '/';
  Object::Ptr doc = NewObject();
  doc->set("kind", "discovery#restDescription");
  doc->set("discoveryVersion", "v1");
  doc->set("id", "drive:v3");
  doc->set("name", "drive");
  doc->set("version", "v3");
  doc->set("revision", "20240101");
  doc->set("title", "Google Drive API");
  doc->set("description", "The Google Drive API allows clients to access resources from Google Drive.");
  doc->set("ownerDomain", "google.com");
  doc->set("ownerName", "Google");
  Object::Ptr icons = NewObject();
  icons->set("x16", "http://www.google.com/images/icons/product/search-16.gif");
  icons->set("x32", "http://www.google.com/images/icons/product/search-32.gif");
  doc->set("icons", icons);
  doc->set("documentationLink", "https://developers.google.com/drive/");
  doc->set("protocol", "rest");
  doc->set("rootUrl", root_url);
  doc->set("mtlsRootUrl", root_url);
  doc->set("servicePath", "drive/v3/");
  doc->set("baseUrl", root_url + "drive/v3/");
  doc->set("basePath", "/drive/v3/");
  doc->set("batchPath", "batch/drive/v3");
  doc->set("fullyEncodeReservedExpansion", true);
  doc->set("parameters", RootParameters());
  doc->set("auth", Scopes());
  doc->set("resources", Resources());
  doc->set("schemas", Schemas());
  std::ostringstream out;
  doc->stringify(out, 2);
  return out.str();
}

}  // namespace gauthflow::mockserver
