#ifndef GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_ERRORS_H_
#define GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_ERRORS_H_

#include <string>
#include <vector>

#include "http_answer.h"

namespace gauthflow::mockserver {

// The Drive v3 errors the fake answers with, each as Drive words it
// (https://developers.google.com/drive/api/guides/handle-errors), in Google's error shape.

// 400 "Invalid Value", reason invalid: a malformed q, pageToken, orderBy key, corpora, spaces.
HttpAnswer DriveInvalidValue(std::string const& parameter);
// 400 with reason invalid and a message of its own, e.g. "Invalid value '0'. Values must be
// within the range: [1, 1000]" for pageSize.
HttpAnswer DriveInvalidParameter(std::string const& parameter, std::string const& message);
// 400 reason badRequest, e.g. orderBy together with fullText.
HttpAnswer DriveBadRequest(std::string const& parameter, std::string const& message);
// 400 "Invalid field selection X", reason invalidParameter, location fields.
HttpAnswer DriveInvalidFieldSelection(std::string const& field);
// 400 reason required, e.g. about.get without fields.
HttpAnswer DriveRequiredParameter(std::string const& parameter, std::string const& message);
// 404 "File not found: ID.", reason notFound, location fileId.
HttpAnswer DriveFileNotFound(std::string const& file_id);
// 404 for a path Drive does not have.
HttpAnswer DriveRouteNotFound();
// 501 for a Drive method the fake does not implement (files.create, files.update, ...).
HttpAnswer DriveNotImplemented(std::string const& method_id);
// 403 "Request had insufficient authentication scopes." (reason insufficientPermissions,
// status PERMISSION_DENIED) with Google's challenge header
// `WWW-Authenticate: Bearer realm="https://accounts.google.com/", error=insufficient_scope,
// scope="<the scopes any one of which would do, space-separated>"`.
HttpAnswer DriveInsufficientScopes(std::vector<std::string> const& accepted_scopes,
                                   std::string const& rpc_method);
// 403 "The granted scopes do not give access to all of the requested spaces.", reason
// insufficientScopes: spaces=appDataFolder without drive.appdata, or the reverse.
HttpAnswer DriveSpacesNotGranted();
// 403 "Only files with binary content can be downloaded. Use Export with Docs Editors files.",
// reason fileNotDownloadable (alt=media on a Google Doc).
HttpAnswer DriveFileNotDownloadable();

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_ERRORS_H_
