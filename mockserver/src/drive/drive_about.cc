#include "drive/drive_about.h"

#include <Poco/JSON/Array.h>

#include "drive/drive_errors.h"
#include "drive/drive_field_selector.h"
#include "drive/drive_ids.h"
#include "drive/drive_schemas.h"
#include "drive/drive_scopes.h"

namespace gauthflow::mockserver {
namespace {

// A free Google account's quota: 15 GiB.
constexpr std::int64_t kStorageLimit = 16106127360;
constexpr std::int64_t kMaxUploadSize = 5497558138880;  // 5 TiB, as Drive reports

Poco::JSON::Object::Ptr Object() { return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER); }

Poco::JSON::Array::Ptr Strings(std::initializer_list<char const*> values) {
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array();
  for (char const* value : values) array->add(std::string(value));
  return array;
}

}  // namespace

HttpAnswer GetDriveAbout(DriveParams const& params, DriveCaller const& caller, DriveCorpus const& corpus) {
  HttpAnswer error;
  bool media = false;
  bool pretty = true;
  if (!params.Standard(/*allow_media=*/false, media, pretty, error)) return error;
  if (!HasAnyScope(caller.scopes, AcceptedScopes(DriveMethod::kAboutGet))) {
    return DriveInsufficientScopes(AcceptedScopes(DriveMethod::kAboutGet), RpcMethodName(DriveMethod::kAboutGet));
  }
  std::optional<std::string> const fields = params.Get("fields");
  if (!fields) return DriveRequiredParameter("fields", "The 'fields' parameter is required for this method.");
  FieldSelection selection;
  std::string bad_field;
  if (!ParseFieldSelection(*fields, selection, bad_field) ||
      !ValidateFieldSelection(selection, DriveAboutSchema(), bad_field)) {
    return DriveInvalidFieldSelection(bad_field);
  }

  Poco::JSON::Object::Ptr about = Object();
  about->set("kind", "drive#about");
  Poco::JSON::Object::Ptr user = Object();
  user->set("kind", "drive#user");
  user->set("displayName", caller.display_name.empty()
                               ? caller.user_email.substr(0, caller.user_email.find('@'))
                               : caller.display_name);
  user->set("me", true);
  user->set("permissionId", internal::PermissionIdFor(caller.user_email));
  user->set("emailAddress", caller.user_email);
  about->set("user", user);
  Poco::JSON::Object::Ptr quota = Object();
  quota->set("limit", std::to_string(kStorageLimit));
  quota->set("usage", std::to_string(corpus.usage_in_drive() + corpus.usage_in_trash()));
  quota->set("usageInDrive", std::to_string(corpus.usage_in_drive()));
  quota->set("usageInDriveTrash", std::to_string(corpus.usage_in_trash()));
  about->set("storageQuota", quota);
  Poco::JSON::Object::Ptr import_formats = Object();
  import_formats->set("text/plain", Strings({"application/vnd.google-apps.document"}));
  import_formats->set("text/csv", Strings({"application/vnd.google-apps.spreadsheet"}));
  import_formats->set("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                      Strings({"application/vnd.google-apps.document"}));
  about->set("importFormats", import_formats);
  Poco::JSON::Object::Ptr export_formats = Object();
  export_formats->set("application/vnd.google-apps.document",
                      Strings({"application/pdf", "text/plain",
                               "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}));
  export_formats->set("application/vnd.google-apps.spreadsheet",
                      Strings({"application/pdf", "text/csv",
                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}));
  about->set("exportFormats", export_formats);
  Poco::JSON::Object::Ptr max_import_sizes = Object();
  max_import_sizes->set("application/vnd.google-apps.document", "10485760");
  max_import_sizes->set("application/vnd.google-apps.spreadsheet", "104857600");
  about->set("maxImportSizes", max_import_sizes);
  about->set("maxUploadSize", std::to_string(kMaxUploadSize));
  about->set("appInstalled", false);
  about->set("folderColorPalette", Strings({"#ac725e", "#d06b64", "#f83a22", "#fa573c", "#ff7537",
                                            "#ffad46", "#42d692", "#16a765", "#7bd148", "#b3dc6c"}));
  about->set("canCreateDrives", true);

  Poco::Dynamic::Var const pruned = ApplyFieldSelection(about, selection);
  return DriveJsonAnswer(*pruned.extract<Poco::JSON::Object::Ptr>(), pretty);
}

}  // namespace gauthflow::mockserver
