#ifndef GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_FILES_LIST_H_
#define GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_FILES_LIST_H_

#include "drive/drive_caller.h"
#include "drive/drive_corpus.h"
#include "drive/drive_request.h"
#include "http_answer.h"

namespace gauthflow::mockserver {

// GET /drive/v3/files (https://developers.google.com/drive/api/reference/rest/v3/files/list).
HttpAnswer ListDriveFiles(DriveParams const& params, DriveCaller const& caller, DriveCorpus const& corpus);

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_FILES_LIST_H_
