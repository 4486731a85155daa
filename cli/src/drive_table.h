#ifndef GAUTHFLOW_CLI_SRC_DRIVE_TABLE_H_
#define GAUTHFLOW_CLI_SRC_DRIVE_TABLE_H_

#include <string>
#include <vector>

#include "gauthflow/drive.h"

namespace gauthflow::cli {

// A plain-text table: MODIFIED, NAME, TYPE, ID first (when present), then any other field the
// files carry, upper-cased; "kind" is left out. "No files.\n" for none.
std::string FormatDriveTable(std::vector<DriveFile> const& files);

}  // namespace gauthflow::cli

#endif  // GAUTHFLOW_CLI_SRC_DRIVE_TABLE_H_
