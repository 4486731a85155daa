#include "drive/drive_scopes.h"

#include <algorithm>

namespace gauthflow::mockserver {

std::vector<std::string> const& AcceptedScopes(DriveMethod method) {
  static std::vector<std::string> const kMetadata = {
      kDriveScope,          kDriveAppdataScope,       kDriveFileScope,
      kDriveMeetReadonlyScope, kDriveMetadataScope,   kDriveMetadataReadonlyScope,
      kDrivePhotosReadonlyScope, kDriveReadonlyScope};
  static std::vector<std::string> const kAbout = {
      kDriveScope,         kDriveAppdataScope,          kDriveFileScope,          kDriveMetadataScope,
      kDriveMetadataReadonlyScope, kDrivePhotosReadonlyScope, kDriveReadonlyScope};
  static std::vector<std::string> const kContent = {
      kDriveScope, kDriveAppdataScope, kDriveFileScope, kDriveMeetReadonlyScope,
      kDrivePhotosReadonlyScope, kDriveReadonlyScope};
  switch (method) {
    case DriveMethod::kFilesList:
    case DriveMethod::kFilesGet:
      return kMetadata;
    case DriveMethod::kFilesGetMedia:
      return kContent;
    case DriveMethod::kAboutGet:
      return kAbout;
  }
  return kMetadata;
}

std::string RpcMethodName(DriveMethod method) {
  switch (method) {
    case DriveMethod::kFilesList:
      return "google.apps.drive.v3.DriveFiles.List";
    case DriveMethod::kFilesGet:
    case DriveMethod::kFilesGetMedia:
      return "google.apps.drive.v3.DriveFiles.Get";
    case DriveMethod::kAboutGet:
      return "google.apps.drive.v3.DriveAbout.Get";
  }
  return "";
}

bool HasAnyScope(std::vector<std::string> const& granted, std::vector<std::string> const& accepted) {
  return std::any_of(granted.begin(), granted.end(), [&](std::string const& scope) {
    return std::find(accepted.begin(), accepted.end(), scope) != accepted.end();
  });
}

DriveVisibility VisibilityFor(std::vector<std::string> const& granted) {
  DriveVisibility visibility;
  for (std::string const& scope : granted) {
    if (scope == kDriveScope || scope == kDriveReadonlyScope || scope == kDriveMetadataScope ||
        scope == kDriveMetadataReadonlyScope) {
      visibility.whole_drive = true;
    } else if (scope == kDriveFileScope) {
      visibility.app_files = true;
    } else if (scope == kDriveAppdataScope) {
      visibility.app_data = true;
    } else if (scope == kDrivePhotosReadonlyScope) {
      visibility.photos = true;
    } else if (scope == kDriveMeetReadonlyScope) {
      visibility.meet = true;
    }
  }
  return visibility;
}

bool DriveVisibility::CanSeeSpace(std::string_view space) const {
  if (space == "appDataFolder") return app_data;
  return whole_drive || app_files || photos || meet;
}

bool DriveVisibility::CanSee(DriveFileView const& file) const {
  if (file.space() == "appDataFolder") return app_data;
  if (whole_drive) return true;
  if (app_files && file.is_app_authorized()) return true;
  std::string_view const mime_type = file.mime_type();
  return photos && (mime_type.rfind("image/", 0) == 0 || mime_type.rfind("video/", 0) == 0);
}

}  // namespace gauthflow::mockserver
