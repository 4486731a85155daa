#include "drive/drive_file_json.h"

#include <algorithm>
#include <cctype>

#include <Poco/JSON/Array.h>
#include <Poco/MD5Engine.h>

#include "drive/drive_ids.h"

namespace gauthflow::mockserver {
namespace {

bool SameEmail(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool IsGoogleAppsType(DriveFileView const& file) {
  return file.mime_type().rfind(kGoogleAppsMimePrefix, 0) == 0;
}

std::string DisplayNameOf(DriveUserView const& user) {
  if (!user.display_name.empty()) return std::string(user.display_name);
  return std::string(user.email_address.substr(0, user.email_address.find('@')));
}

Poco::JSON::Object::Ptr UserJson(DriveUserView const& user, FileJsonContext const& context) {
  Poco::JSON::Object::Ptr json = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  json->set("kind", "drive#user");
  json->set("displayName", DisplayNameOf(user));
  json->set("me", SameEmail(user.email_address, context.caller_email));
  json->set("permissionId", internal::PermissionIdFor(std::string(user.email_address)));
  json->set("emailAddress", std::string(user.email_address));
  return json;
}

Poco::JSON::Object::Ptr PermissionJson(std::string_view email_view, std::string_view display_name,
                                       std::string const& role) {
  std::string const email(email_view);
  Poco::JSON::Object::Ptr json = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  json->set("kind", "drive#permission");
  json->set("id", internal::PermissionIdFor(email));
  json->set("type", "user");
  json->set("emailAddress", email);
  json->set("role", role);
  json->set("displayName", display_name.empty() ? email.substr(0, email.find('@')) : std::string(display_name));
  json->set("deleted", false);
  json->set("pendingOwner", false);
  return json;
}

Poco::JSON::Array::Ptr Permissions(DriveFileView const& file) {
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array();
  for (DriveUserView const& owner : file.owners()) {
    array->add(PermissionJson(owner.email_address, owner.display_name, "owner"));
  }
  for (std::string_view const writer : file.writers()) array->add(PermissionJson(writer, "", "writer"));
  for (std::string_view const reader : file.readers()) array->add(PermissionJson(reader, "", "reader"));
  if (file.visibility().rfind("anyone", 0) == 0) {
    Poco::JSON::Object::Ptr anyone = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    anyone->set("kind", "drive#permission");
    anyone->set("id", "anyoneWithLink");
    anyone->set("type", "anyone");
    anyone->set("role", "reader");
    anyone->set("allowFileDiscovery", file.visibility() == "anyoneCanFind");
    array->add(anyone);
  }
  return array;
}

std::string WebViewLink(DriveFileView const& file) {
  std::string const id(file.id());
  std::string_view const mime_type = file.mime_type();
  if (mime_type == kFolderMimeType) return "https://drive.google.com/drive/folders/" + id;
  if (mime_type == "application/vnd.google-apps.document") {
    return "https://docs.google.com/document/d/" + id + "/edit?usp=drivesdk";
  }
  if (mime_type == "application/vnd.google-apps.spreadsheet") {
    return "https://docs.google.com/spreadsheets/d/" + id + "/edit?usp=drivesdk";
  }
  if (mime_type == "application/vnd.google-apps.presentation") {
    return "https://docs.google.com/presentation/d/" + id + "/edit?usp=drivesdk";
  }
  return "https://drive.google.com/file/d/" + id + "/view?usp=drivesdk";
}

std::string Extension(std::string_view name, bool full) {
  std::size_t const dot = full ? name.find('.') : name.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == name.size()) return "";
  return std::string(name.substr(dot + 1));
}

}  // namespace

FieldSelection const& DefaultFileSelection() {
  static FieldSelection const kDefault = [] {
    FieldSelection selection;
    for (char const* name : {"kind", "id", "name", "mimeType"}) {
      selection.children[name] = FieldSelection::Everything();
    }
    return selection;
  }();
  return kDefault;
}

Poco::JSON::Object::Ptr DriveFileToJson(DriveFileView const& file, FieldSelection const& selection,
                                        FileJsonContext const& context) {
  Poco::JSON::Object::Ptr json = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  auto const put = [&](char const* name, auto&& make) {
    if (!selection.Selects(name)) return;
    Poco::Dynamic::Var value = make();
    json->set(name, ApplyFieldSelection(value, selection.Child(name)));
  };
  DriveUserList const owners = file.owners();
  DriveStringList const writers = file.writers();
  bool const owned_by_me = std::any_of(owners.begin(), owners.end(), [&](DriveUserView const& owner) {
    return SameEmail(owner.email_address, context.caller_email);
  });
  bool const can_write = owned_by_me || std::any_of(writers.begin(), writers.end(), [&](std::string_view w) {
                           return SameEmail(w, context.caller_email);
                         });
  bool const is_folder = file.mime_type() == kFolderMimeType;
  bool const has_binary_content = !IsGoogleAppsType(file);

  put("kind", [] { return std::string("drive#file"); });
  put("id", [&] { return std::string(file.id()); });
  put("name", [&] { return std::string(file.name()); });
  put("mimeType", [&] { return std::string(file.mime_type()); });
  if (!file.description().empty()) put("description", [&] { return std::string(file.description()); });
  put("starred", [&] { return file.starred(); });
  put("trashed", [&] { return file.trashed(); });
  put("explicitlyTrashed", [&] { return file.trashed(); });
  if (DriveStringList const parents = file.parents(); !parents.empty()) {
    put("parents", [&] {
      Poco::JSON::Array::Ptr array = new Poco::JSON::Array();
      for (std::string_view const parent : parents) array->add(std::string(parent));
      return array;
    });
  }
  for (auto const& [name, map] : {std::pair<char const*, DrivePropertyList>{"properties", file.properties()},
                                  {"appProperties", file.app_properties()}}) {
    if (map.empty()) continue;
    put(name, [&map = map] {
      Poco::JSON::Object::Ptr object = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
      for (auto const& [key, value] : map) object->set(std::string(key), std::string(value));
      return object;
    });
  }
  put("spaces", [&] {
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array();
    array->add(std::string(file.space()));
    return array;
  });
  put("version", [] { return std::string("1"); });
  if (has_binary_content) {
    put("webContentLink", [&] { return "https://drive.google.com/uc?id=" + std::string(file.id()) + "&export=download"; });
  }
  put("webViewLink", [&] { return WebViewLink(file); });
  put("iconLink", [&] { return "https://drive-thirdparty.googleusercontent.com/16/type/" + std::string(file.mime_type()); });
  put("hasThumbnail", [] { return false; });
  put("thumbnailVersion", [] { return std::string("0"); });
  std::optional<DriveTime> const viewed_by_me_time = file.viewed_by_me_time();
  std::optional<DriveTime> const modified_by_me_time = file.modified_by_me_time();
  std::optional<DriveTime> const shared_with_me_time = file.shared_with_me_time();
  put("viewedByMe", [&] { return viewed_by_me_time.has_value(); });
  if (viewed_by_me_time) put("viewedByMeTime", [&] { return FormatDriveTime(*viewed_by_me_time); });
  put("createdTime", [&] { return FormatDriveTime(file.created_time()); });
  put("modifiedTime", [&] { return FormatDriveTime(file.modified_time()); });
  if (modified_by_me_time) {
    put("modifiedByMeTime", [&] { return FormatDriveTime(*modified_by_me_time); });
  }
  put("modifiedByMe", [&] { return modified_by_me_time.has_value(); });
  if (shared_with_me_time) {
    put("sharedWithMeTime", [&] { return FormatDriveTime(*shared_with_me_time); });
  }
  if (!owners.empty()) {
    put("owners", [&] {
      Poco::JSON::Array::Ptr array = new Poco::JSON::Array();
      for (DriveUserView const& owner : owners) array->add(UserJson(owner, context));
      return array;
    });
    put("lastModifyingUser", [&] {
      bool const by_me = modified_by_me_time && *modified_by_me_time >= file.modified_time();
      return UserJson(by_me ? DriveUserView{context.caller_email, context.caller_display_name} : owners.front(),
                      context);
    });
  }
  put("shared", [&] {
    return !writers.empty() || !file.readers().empty() || file.visibility() != "limited" ||
           shared_with_me_time.has_value();
  });
  put("ownedByMe", [&] { return owned_by_me; });
  put("capabilities", [&] {
    Poco::JSON::Object::Ptr caps = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    caps->set("canAddChildren", is_folder && can_write);
    caps->set("canComment", true);
    caps->set("canCopy", !is_folder);
    caps->set("canDelete", owned_by_me);
    caps->set("canDownload", true);
    caps->set("canEdit", can_write);
    caps->set("canListChildren", is_folder);
    caps->set("canModifyContent", can_write);
    caps->set("canReadRevisions", can_write);
    caps->set("canRemoveChildren", is_folder && can_write);
    caps->set("canRename", can_write);
    caps->set("canShare", can_write);
    caps->set("canTrash", owned_by_me);
    caps->set("canUntrash", owned_by_me);
    return caps;
  });
  put("viewersCanCopyContent", [] { return true; });
  put("copyRequiresWriterPermission", [] { return false; });
  put("writersCanShare", [] { return true; });
  put("permissions", [&] { return Permissions(file); });
  put("permissionIds", [&] {
    Poco::JSON::Array::Ptr ids = new Poco::JSON::Array();
    Poco::JSON::Array::Ptr permissions = Permissions(file);
    for (std::size_t i = 0; i < permissions->size(); ++i) {
      ids->add(permissions->getObject(static_cast<unsigned int>(i))->getValue<std::string>("id"));
    }
    return ids;
  });
  if (has_binary_content && !is_folder) {
    put("originalFilename", [&] { return std::string(file.name()); });
    if (std::string const ext = Extension(file.name(), true); !ext.empty()) {
      put("fullFileExtension", [&] { return ext; });
      put("fileExtension", [&] { return Extension(file.name(), false); });
    }
    put("md5Checksum", [&] {
      Poco::MD5Engine md5;
      std::string_view const content = file.content().empty() ? file.id() : file.content();
      md5.update(content.data(), static_cast<unsigned>(content.size()));
      return Poco::DigestEngine::digestToHex(md5.digest());
    });
    if (std::optional<std::int64_t> const size = file.size()) put("size", [&] { return std::to_string(*size); });
    put("headRevisionId", [&] { return "0B" + std::string(file.id().substr(1, 20)); });
  }
  put("quotaBytesUsed", [&] { return std::to_string(file.quota_bytes_used()); });
  put("isAppAuthorized", [&] { return file.is_app_authorized(); });
  return json;
}

Poco::JSON::Object::Ptr DriveFileToJson(DriveFile const& file, FieldSelection const& selection,
                                        FileJsonContext const& context) {
  DriveFileStore store;
  store.Add(file);
  return DriveFileToJson(store[0], selection, context);
}

}  // namespace gauthflow::mockserver
