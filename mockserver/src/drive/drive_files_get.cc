#include "drive/drive_files_get.h"

#include "drive/drive_errors.h"
#include "drive/drive_field_selector.h"
#include "drive/drive_file_json.h"
#include "drive/drive_schemas.h"
#include "drive/drive_scopes.h"

namespace gauthflow::mockserver {
namespace {

// "My Drive" is no file of the corpus: a one-file store of its own, per request.
DriveFileStore RootFolder(DriveCorpus const& corpus, DriveCaller const& caller) {
  DriveFile root;
  root.id = corpus.root_folder_id();
  root.name = "My Drive";
  root.mime_type = kFolderMimeType;
  root.owners.push_back(DriveUser{caller.user_email, caller.display_name});
  DriveFileStore store;
  store.Add(root);
  return store;
}

}  // namespace

HttpAnswer GetDriveFile(std::string const& file_id, DriveParams const& params, DriveCaller const& caller,
                        DriveCorpus const& corpus) {
  HttpAnswer error;
  bool media = false;
  bool pretty = true;
  bool ignored = false;
  if (!params.Standard(/*allow_media=*/true, media, pretty, error) ||
      !params.Bool("acknowledgeAbuse", false, ignored, error) ||
      !params.Bool("supportsAllDrives", false, ignored, error) ||
      !params.Bool("supportsTeamDrives", false, ignored, error)) {
    return error;
  }
  DriveMethod const method = media ? DriveMethod::kFilesGetMedia : DriveMethod::kFilesGet;
  if (!HasAnyScope(caller.scopes, AcceptedScopes(method))) {
    return DriveInsufficientScopes(AcceptedScopes(method), RpcMethodName(method));
  }
  std::optional<std::string> const fields = params.Get("fields");
  FieldSelection selection = DefaultFileSelection();
  if (fields && !media) {
    std::string bad_field;
    if (!ParseFieldSelection(*fields, selection, bad_field) ||
        !ValidateFieldSelection(selection, DriveFileSchema(), bad_field)) {
      return DriveInvalidFieldSelection(bad_field);
    }
  }

  DriveVisibility const visibility = VisibilityFor(caller.scopes);
  DriveFileStore root;
  std::optional<DriveFileView> file;
  if (file_id == "root" || file_id == corpus.root_folder_id()) {
    if (visibility.whole_drive) {
      root = RootFolder(corpus, caller);
      file = root[0];
    }
  } else if (std::optional<DriveFileView> const found = corpus.Find(file_id); found && visibility.CanSee(*found)) {
    file = found;
  }
  if (!file) return DriveFileNotFound(file_id);

  if (media) {
    if (file->mime_type().rfind(kGoogleAppsMimePrefix, 0) == 0) return DriveFileNotDownloadable();
    HttpAnswer answer;
    answer.content_type = std::string(file->mime_type());
    answer.body = std::string(file->content());
    return answer;
  }
  Poco::JSON::Object::Ptr json =
      DriveFileToJson(*file, selection, FileJsonContext{caller.user_email, caller.display_name});
  return DriveJsonAnswer(*json, pretty);
}

}  // namespace gauthflow::mockserver
