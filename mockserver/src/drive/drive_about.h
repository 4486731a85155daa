#ifndef GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_ABOUT_H_
#define GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_ABOUT_H_

#include "drive/drive_caller.h"
#include "drive/drive_corpus.h"
#include "drive/drive_request.h"
#include "http_answer.h"

namespace gauthflow::mockserver {

// GET /drive/v3/about (https://developers.google.com/drive/api/reference/rest/v3/about/get).
// Drive requires `fields` here: without it, 400 "The 'fields' parameter is required for this
// method." (reason required, location fields).
HttpAnswer GetDriveAbout(DriveParams const& params, DriveCaller const& caller, DriveCorpus const& corpus);

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_ABOUT_H_
