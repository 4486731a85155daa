#ifndef GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_SCHEMAS_H_
#define GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_SCHEMAS_H_

#include "drive/drive_field_selector.h"

namespace gauthflow::mockserver {

// The resources' property names as Drive v3 documents them, for validating `fields`
// (https://developers.google.com/drive/api/reference/rest/v3/files#File and .../about#About).
// The File schema lists every documented property, including those the fake never fills in
// (selecting them is valid on Drive; they are then simply absent).
FieldSchema const& DriveFileSchema();
FieldSchema const& DriveFileListSchema();
FieldSchema const& DriveAboutSchema();

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_SCHEMAS_H_
