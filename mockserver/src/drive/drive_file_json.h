#ifndef GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_FILE_JSON_H_
#define GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_FILE_JSON_H_

#include <string>

#include <Poco/JSON/Object.h>

#include "drive/drive_field_selector.h"
#include "drive/drive_file.h"
#include "drive/drive_file_store.h"

namespace gauthflow::mockserver {

// Whose view of the file: `ownedByMe`, `owners[].me`, capabilities depend on it.
struct FileJsonContext {
  std::string caller_email;
  std::string caller_display_name;
};

// The selection Drive applies when `fields` is absent: kind, id, name, mimeType.
FieldSelection const& DefaultFileSelection();

// A File resource as Drive v3 writes it, with only the selected properties computed (a list
// of 1000 files with fields=files(id) does not build 1000 full resources). int64 values are
// JSON strings, as in Drive; properties the file does not have are left out.
Poco::JSON::Object::Ptr DriveFileToJson(DriveFileView const& file, FieldSelection const& selection,
                                        FileJsonContext const& context);
// The same for a file not in a store (files.get of the root folder, tests, fuzz targets).
Poco::JSON::Object::Ptr DriveFileToJson(DriveFile const& file, FieldSelection const& selection,
                                        FileJsonContext const& context);

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_FILE_JSON_H_
