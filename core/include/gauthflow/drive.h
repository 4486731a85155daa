#ifndef GAUTHFLOW_DRIVE_H_
#define GAUTHFLOW_DRIVE_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gauthflow/error.h"
#include "gauthflow/http_client.h"

namespace gauthflow {

// The parameters of Drive v3 files.list that the reference example uses. Empty / absent values
// are not sent, so Drive's own defaults apply (pageSize 100, no ordering, default fields).
struct DriveListRequest {
  std::string order_by{};             // e.g. "modifiedByMeTime desc"
  std::optional<int> page_size{};     // 1..1000
  std::string page_token{};           // from the previous page's next_page_token
  std::string query{};                // the `q` parameter, Drive's query language
  std::string fields{};               // partial response, e.g. "nextPageToken,files(id,name)"
};

// One file resource as it came back. The usual fields are typed; `fields` holds every member the
// server sent (strings as they are, other values as compact JSON), and `json` the whole object,
// so that callers asking for other `fields` lose nothing.
struct DriveFile {
  std::string id{};
  std::string name{};
  std::string mime_type{};
  std::optional<std::string> modified_time{};  // RFC 3339, when asked for
  std::map<std::string, std::string> fields{};
  std::string json{};  // the file object, compact JSON
};

struct DriveFileList {
  std::vector<DriveFile> files{};
  std::optional<std::string> next_page_token{};
  bool incomplete_search = false;
};

// Parses a 200 body of files.list. kMalformedJson when it is not a JSON object, kInvalidField
// when "files" is not an array of objects.
Result<DriveFileList> ParseDriveFileList(std::string_view body);

// Turns a non-2xx answer of a Google API into an Error, from Google's error shape
// {"error": {"code", "message", "errors": [{"reason", ...}], "status"}} (or a non-JSON body):
//   401 -> kUnauthenticated, 403 -> kPermissionDenied (naming the missing scope when the
//   WWW-Authenticate header carries error="insufficient_scope", scope="..."), 404 -> kNotFound,
//   400 -> kInvalidArgument, 429 and 5xx -> kServerError, anything else -> kUnexpectedResponse.
// The message starts with `what` (e.g. "Drive files.list") and keeps Google's message and
// reason; Error::server_error is the first reason.
Error ParseGoogleApiError(HttpResponse const& response, std::string_view what);

struct DriveClientOptions {
  bool allow_insecure_transport = false;  // see CheckTransportSecurity
};

// A small client for Drive v3 files.list (https://developers.google.com/drive/api/reference/
// rest/v3/files/list), authorized with a Bearer access token.
class DriveClient {
 public:
  // `drive_base_url` is Endpoints::drive, e.g. "https://www.googleapis.com/drive/v3/".
  DriveClient(HttpClient& http, std::string drive_base_url, DriveClientOptions options = {});

  // One page. Errors: kInvalidArgument for an empty token or a page_size outside 1..1000 (Drive
  // rejects those), CheckTransportSecurity's, transport errors, ParseGoogleApiError's,
  // ParseDriveFileList's.
  Result<DriveFileList> ListFiles(std::string const& access_token,
                                  DriveListRequest const& request);

  // The URL ListFiles sends (no token in it), for logs and tests.
  std::string ListFilesUrl(DriveListRequest const& request) const;

 private:
  HttpClient& http_;
  std::string base_url_;
  DriveClientOptions options_;
};

}  // namespace gauthflow

#endif  // GAUTHFLOW_DRIVE_H_
