#ifndef GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_FILE_H_
#define GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_FILE_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace Poco::JSON {
class Object;
}  // namespace Poco::JSON

namespace gauthflow::mockserver {

// Drive reports times with millisecond precision ("2024-05-01T12:34:56.789Z"), so that is
// what the model keeps: two files never compare equal on a precision the wire cannot show.
using DriveTime = std::chrono::time_point<std::chrono::system_clock, std::chrono::milliseconds>;

inline constexpr char kFolderMimeType[] = "application/vnd.google-apps.folder";
inline constexpr char kGoogleAppsMimePrefix[] = "application/vnd.google-apps.";

// A person as Drive's `User` resource shows them (owners, lastModifyingUser).
struct DriveUser {
  std::string email_address;
  std::string display_name;
};

// One file of the fake Drive, with the fields of Drive v3's File resource that the fake
// answers with and searches on (https://developers.google.com/drive/api/reference/rest/v3/files).
struct DriveFile {
  std::string id;
  std::string name;
  std::string mime_type = "application/octet-stream";
  std::string description;
  DriveTime created_time{};
  DriveTime modified_time{};
  std::optional<DriveTime> modified_by_me_time;
  std::optional<DriveTime> viewed_by_me_time;
  // Set exactly when the file is in the caller's "Shared with me" (the `sharedWithMe` term).
  std::optional<DriveTime> shared_with_me_time;
  bool starred = false;
  bool trashed = false;
  std::vector<std::string> parents;
  std::vector<DriveUser> owners;
  std::vector<std::string> writers;  // e-mail addresses with the writer role
  std::vector<std::string> readers;  // e-mail addresses with the reader or commenter role
  std::map<std::string, std::string> properties;
  std::map<std::string, std::string> app_properties;
  // Only files with binary content have a size; Google Docs, Sheets and folders have none.
  std::optional<std::int64_t> size;
  std::int64_t quota_bytes_used = 0;
  // The text `fullText contains` searches besides name and description (the file's content).
  std::string content;
  // "drive" or "appDataFolder" (https://developers.google.com/drive/api/guides/appdata).
  std::string space = "drive";
  // One of Drive's visibility values: anyoneCanFind, anyoneWithLink, domainCanFind,
  // domainWithLink, limited.
  std::string visibility = "limited";
  // Drive's `isAppAuthorized`: the file was created or opened by the requesting app. A
  // token with only the drive.file scope sees exactly these files.
  bool is_app_authorized = false;
};

// RFC 3339 with milliseconds and "Z", as Drive writes times.
std::string FormatDriveTime(DriveTime time);
// RFC 3339 as Drive accepts it in seeds and in `q`: a date, or a date and time with optional
// fraction and offset; the default time zone is UTC
// (https://developers.google.com/drive/api/guides/ref-search-terms).
bool ParseDriveTime(std::string const& text, DriveTime& out);

// Reads a file from seed/config JSON written with Drive's own field names (`name`,
// `mimeType`, `createdTime`, `owners`, `permissions`, `properties`, ...). Extras for the fake:
// `content` (searched by fullText), `space`, and the shorthand `writers`/`readers` (e-mail
// arrays). Without `id` one is derived from the object's content, so seeds stay reproducible.
bool ParseDriveFile(Poco::JSON::Object const& json, DriveFile& out, std::string& error);

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_FILE_H_
