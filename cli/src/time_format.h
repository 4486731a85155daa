#ifndef GAUTHFLOW_CLI_SRC_TIME_FORMAT_H_
#define GAUTHFLOW_CLI_SRC_TIME_FORMAT_H_

#include <chrono>
#include <string>

namespace gauthflow::cli {

// "2026-11-27T22:05:48Z" (RFC 3339, UTC, whole seconds).
std::string FormatRfc3339(std::chrono::system_clock::time_point t);

}  // namespace gauthflow::cli

#endif  // GAUTHFLOW_CLI_SRC_TIME_FORMAT_H_
