#include "time_format.h"

#include <ctime>

namespace gauthflow::cli {

std::string FormatRfc3339(std::chrono::system_clock::time_point t) {
  auto const seconds = std::chrono::system_clock::to_time_t(
      std::chrono::time_point_cast<std::chrono::seconds>(t));
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

}  // namespace gauthflow::cli
