#include "drive/drive_schemas.h"

#include <initializer_list>
#include <string>
#include <utility>

namespace gauthflow::mockserver {
namespace {

FieldSchema Scalars(std::initializer_list<char const*> names,
                    std::initializer_list<std::pair<char const*, FieldSchema const*>> nested = {}) {
  FieldSchema schema;
  for (char const* name : names) schema.properties.emplace(name, nullptr);
  for (auto const& [name, child] : nested) schema.properties[name] = child;
  return schema;
}

FieldSchema const& OpenSchema() {
  static FieldSchema const kOpen = [] {
    FieldSchema schema;
    schema.open = true;
    return schema;
  }();
  return kOpen;
}

FieldSchema const& UserSchema() {
  static FieldSchema const kUser =
      Scalars({"kind", "displayName", "photoLink", "me", "permissionId", "emailAddress"});
  return kUser;
}

FieldSchema const& PermissionSchema() {
  static FieldSchema const kPermission = Scalars(
      {"kind", "id", "type", "emailAddress", "domain", "role", "view", "allowFileDiscovery",
       "displayName", "photoLink", "expirationTime", "deleted", "pendingOwner",
       "inheritedPermissionsDisabled"},
      {{"teamDrivePermissionDetails", &OpenSchema()}, {"permissionDetails", &OpenSchema()}});
  return kPermission;
}

FieldSchema const& ThemeSchema() {
  static FieldSchema const kTheme = Scalars({"id", "backgroundImageLink", "colorRgb"});
  return kTheme;
}

}  // namespace

FieldSchema const& DriveFileSchema() {
  static FieldSchema const kFile = Scalars(
      {"kind", "id", "name", "mimeType", "description", "starred", "trashed", "explicitlyTrashed",
       "parents", "spaces", "version", "webContentLink", "webViewLink", "iconLink", "hasThumbnail",
       "thumbnailLink", "thumbnailVersion", "viewedByMe", "viewedByMeTime", "createdTime",
       "modifiedTime", "modifiedByMeTime", "modifiedByMe", "sharedWithMeTime", "shared",
       "ownedByMe", "viewersCanCopyContent", "copyRequiresWriterPermission", "writersCanShare",
       "permissionIds", "hasAugmentedPermissions", "folderColorRgb", "originalFilename",
       "fullFileExtension", "fileExtension", "md5Checksum", "sha1Checksum", "sha256Checksum",
       "size", "quotaBytesUsed", "headRevisionId", "isAppAuthorized", "teamDriveId", "driveId",
       "resourceKey", "trashedTime", "inheritedPermissionsDisabled"},
      {{"owners", &UserSchema()},
       {"lastModifyingUser", &UserSchema()},
       {"sharingUser", &UserSchema()},
       {"trashingUser", &UserSchema()},
       {"permissions", &PermissionSchema()},
       {"properties", &OpenSchema()},
       {"appProperties", &OpenSchema()},
       {"capabilities", &OpenSchema()},
       {"exportLinks", &OpenSchema()},
       {"contentHints", &OpenSchema()},
       {"imageMediaMetadata", &OpenSchema()},
       {"videoMediaMetadata", &OpenSchema()},
       {"shortcutDetails", &OpenSchema()},
       {"contentRestrictions", &OpenSchema()},
       {"linkShareMetadata", &OpenSchema()},
       {"labelInfo", &OpenSchema()},
       {"downloadRestrictions", &OpenSchema()}});
  return kFile;
}

FieldSchema const& DriveFileListSchema() {
  static FieldSchema const kFileList =
      Scalars({"kind", "nextPageToken", "incompleteSearch"}, {{"files", &DriveFileSchema()}});
  return kFileList;
}

FieldSchema const& DriveAboutSchema() {
  static FieldSchema const kStorageQuota =
      Scalars({"limit", "usage", "usageInDrive", "usageInDriveTrash"});
  static FieldSchema const kAbout = Scalars(
      {"kind", "maxUploadSize", "appInstalled", "folderColorPalette", "canCreateDrives",
       "canCreateTeamDrives"},
      {{"user", &UserSchema()},
       {"storageQuota", &kStorageQuota},
       {"importFormats", &OpenSchema()},
       {"exportFormats", &OpenSchema()},
       {"maxImportSizes", &OpenSchema()},
       {"driveThemes", &ThemeSchema()},
       {"teamDriveThemes", &ThemeSchema()}});
  return kAbout;
}

}  // namespace gauthflow::mockserver
