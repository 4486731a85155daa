#include "drive/drive_file_json.h"

#include <algorithm>
#include <cctype>

#include <Poco/JSON/Array.h>
#include <Poco/MD5Engine.h>

#include "drive/drive_ids.h"

namespace gauthflow::mockserver {
namespace {

bool SameEmail(std::string const& a, std::string const& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool IsGoogleAppsType(DriveFile const& file) {
  return file.mime_type.rfind(kGoogleAppsMimePrefix, 0) == 0;
}

std::string DisplayNameOf(DriveUser const& user) {
  if (!user.display_name.empty()) return user.display_name;
  return user.email_address.substr(0, user.email_address.find('@'));
}

Poco::JSON::Object::Ptr UserJson(DriveUser const& user, FileJsonContext const& context) {
  Poco::JSON::Object::Ptr json = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  json->set("kind", "drive#user");
  json->set("displayName", DisplayNameOf(user));
  json->set("me", SameEmail(user.email_address, context.caller_email));
  json->set("permissionId", internal::PermissionIdFor(user.email_address));
  json->set("emailAddress", user.email_address);
  return json;
}

Poco::JSON::Object::Ptr PermissionJson(std::string const& email, std::string const& display_name,
                                       std::string const& role) {
  Poco::JSON::Object::Ptr json = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  json->set("kind", "drive#permission");
  json->set("id", internal::PermissionIdFor(email));
  json->set("type", "user");
  json->set("emailAddress", email);
  json->set("role", role);
  json->set("displayName", display_name.empty() ? email.substr(0, email.find('@')) : display_name);
  json->set("deleted", false);
  json->set("pendingOwner", false);
  return json;
}

Poco::JSON::Array::Ptr Permissions(DriveFile const& file) {
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array();
  for (DriveUser const& owner : file.owners) {
    array->add(PermissionJson(owner.email_address, owner.display_name, "owner"));
  }
  for (std::string const& writer : file.writers) array->add(PermissionJson(writer, "", "writer"));
  for (std::string const& reader : file.readers) array->add(PermissionJson(reader, "", "reader"));
  if (file.visibility.rfind("anyone", 0) == 0) {
    Poco::JSON::Object::Ptr anyone = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    anyone->set("kind", "drive#permission");
    anyone->set("id", "anyoneWithLink");
    anyone->set("type", "anyone");
    anyone->set("role", "reader");
    anyone->set("allowFileDiscovery", file.visibility == "anyoneCanFind");
    array->add(anyone);
  }
  return array;
}

std::string WebViewLink(DriveFile const& file) {
  if (file.mime_type == kFolderMimeType) return "https://drive.google.com/drive/folders/" + file.id;
  if (file.mime_type == "application/vnd.google-apps.document") {
    return "https://docs.google.com/document/d/" + file.id + "/edit?usp=drivesdk";
  }
  if (file.mime_type == "application/vnd.google-apps.spreadsheet") {
    return "https://docs.google.com/spreadsheets/d/" + file.id + "/edit?usp=drivesdk";
  }
  if (file.mime_type == "application/vnd.google-apps.presentation") {
    return "https://docs.google.com/presentation/d/" + file.id + "/edit?usp=drivesdk";
  }
  return "https://drive.google.com/file/d/" + file.id + "/view?usp=drivesdk";
}

std::string Extension(std::string const& name, bool full) {
  std::size_t const dot = full ? name.find('.') : name.rfind('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == name.size()) return "";
  return name.substr(dot + 1);
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

Poco::JSON::Object::Ptr DriveFileToJson(DriveFile const& file, FieldSelection const& selection,
                                        FileJsonContext const& context) {
  Poco::JSON::Object::Ptr json = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  auto const put = [&](char const* name, auto&& make) {
    if (!selection.Selects(name)) return;
    Poco::Dynamic::Var value = make();
    json->set(name, ApplyFieldSelection(value, selection.Child(name)));
  };
  bool const owned_by_me =
      std::any_of(file.owners.begin(), file.owners.end(),
                  [&](DriveUser const& owner) { return SameEmail(owner.email_address, context.caller_email); });
  bool const can_write =
      owned_by_me || std::any_of(file.writers.begin(), file.writers.end(),
                                 [&](std::string const& w) { return SameEmail(w, context.caller_email); });
  bool const is_folder = file.mime_type == kFolderMimeType;
  bool const has_binary_content = !IsGoogleAppsType(file);

  put("kind", [] { return std::string("drive#file"); });
  put("id", [&] { return file.id; });
  put("name", [&] { return file.name; });
  put("mimeType", [&] { return file.mime_type; });
  if (!file.description.empty()) put("description", [&] { return file.description; });
  put("starred", [&] { return file.starred; });
  put("trashed", [&] { return file.trashed; });
  put("explicitlyTrashed", [&] { return file.trashed; });
  if (!file.parents.empty()) {
    put("parents", [&] {
      Poco::JSON::Array::Ptr array = new Poco::JSON::Array();
      for (std::string const& parent : file.parents) array->add(parent);
      return array;
    });
  }
  for (auto const& [name, map] : {std::pair<char const*, std::map<std::string, std::string> const*>{
                                      "properties", &file.properties},
                                  {"appProperties", &file.app_properties}}) {
    if (map->empty()) continue;
    put(name, [map = map] {
      Poco::JSON::Object::Ptr object = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
      for (auto const& [key, value] : *map) object->set(key, value);
      return object;
    });
  }
  put("spaces", [&] {
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array();
    array->add(file.space);
    return array;
  });
  put("version", [] { return std::string("1"); });
  if (has_binary_content) {
    put("webContentLink", [&] { return "https://drive.google.com/uc?id=" + file.id + "&export=download"; });
  }
  put("webViewLink", [&] { return WebViewLink(file); });
  put("iconLink", [&] { return "https://drive-thirdparty.googleusercontent.com/16/type/" + file.mime_type; });
  put("hasThumbnail", [] { return false; });
  put("thumbnailVersion", [] { return std::string("0"); });
  put("viewedByMe", [&] { return file.viewed_by_me_time.has_value(); });
  if (file.viewed_by_me_time) put("viewedByMeTime", [&] { return FormatDriveTime(*file.viewed_by_me_time); });
  put("createdTime", [&] { return FormatDriveTime(file.created_time); });
  put("modifiedTime", [&] { return FormatDriveTime(file.modified_time); });
  if (file.modified_by_me_time) {
    put("modifiedByMeTime", [&] { return FormatDriveTime(*file.modified_by_me_time); });
  }
  put("modifiedByMe", [&] { return file.modified_by_me_time.has_value(); });
  if (file.shared_with_me_time) {
    put("sharedWithMeTime", [&] { return FormatDriveTime(*file.shared_with_me_time); });
  }
  if (!file.owners.empty()) {
    put("owners", [&] {
      Poco::JSON::Array::Ptr array = new Poco::JSON::Array();
      for (DriveUser const& owner : file.owners) array->add(UserJson(owner, context));
      return array;
    });
    put("lastModifyingUser", [&] {
      bool const by_me = file.modified_by_me_time && *file.modified_by_me_time >= file.modified_time;
      return UserJson(by_me ? DriveUser{context.caller_email, context.caller_display_name}
                            : file.owners.front(),
                      context);
    });
  }
  put("shared", [&] {
    return !file.writers.empty() || !file.readers.empty() || file.visibility != "limited" ||
           file.shared_with_me_time.has_value();
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
    put("originalFilename", [&] { return file.name; });
    if (std::string const ext = Extension(file.name, true); !ext.empty()) {
      put("fullFileExtension", [&] { return ext; });
      put("fileExtension", [&] { return Extension(file.name, false); });
    }
    put("md5Checksum", [&] {
      Poco::MD5Engine md5;
      md5.update(file.content.empty() ? file.id : file.content);
      return Poco::DigestEngine::digestToHex(md5.digest());
    });
    if (file.size) put("size", [&] { return std::to_string(*file.size); });
    put("headRevisionId", [&] { return "0B" + file.id.substr(1, 20); });
  }
  put("quotaBytesUsed", [&] { return std::to_string(file.quota_bytes_used); });
  put("isAppAuthorized", [&] { return file.is_app_authorized; });
  return json;
}

}  // namespace gauthflow::mockserver
