#include "load/process_memory.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <string>

namespace gauthflow::load {

std::optional<std::size_t> ParseResidentBytes(std::string_view proc_status) {
  constexpr std::string_view kField = "VmRSS:";
  std::size_t at = 0;
  while (at < proc_status.size()) {
    std::size_t const end = std::min(proc_status.find('\n', at), proc_status.size());
    std::string_view line = proc_status.substr(at, end - at);
    at = end + 1;
    if (!line.starts_with(kField)) continue;
    line.remove_prefix(kField.size());
    std::size_t const digits = line.find_first_not_of(" \t");
    if (digits == std::string_view::npos) return std::nullopt;
    line.remove_prefix(digits);
    std::size_t kilobytes = 0;
    auto const [rest, error] = std::from_chars(line.data(), line.data() + line.size(), kilobytes);
    if (error != std::errc() || std::string_view(rest, line.data() + line.size() - rest) != " kB") {
      return std::nullopt;
    }
    return kilobytes * 1024;
  }
  return std::nullopt;
}

std::optional<std::size_t> ReadResidentBytes(int pid) {
  constexpr std::size_t kMaxStatusBytes = 64 * 1024;
  std::ifstream file("/proc/" + std::to_string(pid) + "/status");
  if (!file) return std::nullopt;
  std::string text(kMaxStatusBytes, '\0');
  file.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(file.gcount()));
  return ParseResidentBytes(text);
}

}  // namespace gauthflow::load
