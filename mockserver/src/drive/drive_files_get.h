#ifndef GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_FILES_GET_H_
#define GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_FILES_GET_H_

#include <string>

#include "drive/drive_caller.h"
#include "drive/drive_corpus.h"
#include "drive/drive_request.h"
#include "http_answer.h"

namespace gauthflow::mockserver {

// GET /drive/v3/files/{fileId} (https://developers.google.com/drive/api/reference/rest/v3/files/get):
// metadata, or with alt=media the file's content. "root" (or the root folder's id) is the
// caller's My Drive folder. A file the granted scopes do not show is "not found", as on Drive.
HttpAnswer GetDriveFile(std::string const& file_id, DriveParams const& params, DriveCaller const& caller,
                        DriveCorpus const& corpus);

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_FILES_GET_H_
