#ifndef GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_SCOPES_H_
#define GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_SCOPES_H_

#include <string>
#include <string_view>
#include <vector>

#include "drive/drive_file_store.h"

namespace gauthflow::mockserver {

inline constexpr char kDriveScope[] = "https://www.googleapis.com/auth/drive";
inline constexpr char kDriveReadonlyScope[] = "https://www.googleapis.com/auth/drive.readonly";
inline constexpr char kDriveMetadataScope[] = "https://www.googleapis.com/auth/drive.metadata";
inline constexpr char kDriveMetadataReadonlyScope[] =
    "https://www.googleapis.com/auth/drive.metadata.readonly";
inline constexpr char kDriveFileScope[] = "https://www.googleapis.com/auth/drive.file";
inline constexpr char kDriveAppdataScope[] = "https://www.googleapis.com/auth/drive.appdata";
inline constexpr char kDrivePhotosReadonlyScope[] =
    "https://www.googleapis.com/auth/drive.photos.readonly";
inline constexpr char kDriveMeetReadonlyScope[] = "https://www.googleapis.com/auth/drive.meet.readonly";

// Drive v3 methods the fake serves, for their scope lists.
enum class DriveMethod { kFilesList, kFilesGet, kFilesGetMedia, kAboutGet };

// The scopes any one of which allows the method, as in Drive's discovery document. Metadata
// scopes do not allow downloading content (alt=media).
std::vector<std::string> const& AcceptedScopes(DriveMethod method);
// The RPC name Google reports in the ErrorInfo of a scope error.
std::string RpcMethodName(DriveMethod method);

bool HasAnyScope(std::vector<std::string> const& granted, std::vector<std::string> const& accepted);

// Which files the granted scopes show (https://developers.google.com/drive/api/guides/api-specific-auth):
// - drive, drive.readonly, drive.metadata, drive.metadata.readonly: every file in the "drive"
//   space (not the app data folder: "excluding the Application Data folder");
// - drive.file: only files the app created or opened (the file's isAppAuthorized flag);
// - drive.appdata: the files in the "appDataFolder" space;
// - drive.photos.readonly: images and videos;
// - drive.meet.readonly: Meet recordings, which the fake does not have: nothing.
// Several scopes show the union.
struct DriveVisibility {
  bool whole_drive = false;
  bool app_files = false;
  bool app_data = false;
  bool photos = false;
  bool meet = false;  // the drive space, but no file in it

  bool CanSeeSpace(std::string_view space) const;
  bool CanSee(DriveFileView const& file) const;
};

DriveVisibility VisibilityFor(std::vector<std::string> const& granted);

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_SCOPES_H_
