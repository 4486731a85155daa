#ifndef GAUTHFLOW_TESTS_LOAD_PROCESS_MEMORY_H_
#define GAUTHFLOW_TESTS_LOAD_PROCESS_MEMORY_H_

#include <cstddef>
#include <optional>
#include <string_view>

namespace gauthflow::load {

// The resident set size in bytes from the text of /proc/PID/status (its "VmRSS:   1234 kB"
// line, proc(5)); nullopt when the line is missing or malformed.
std::optional<std::size_t> ParseResidentBytes(std::string_view proc_status);

// The resident set size of process `pid`, read from /proc/PID/status (at most 64 KiB of it);
// nullopt when the process does not exist or the file cannot be read.
std::optional<std::size_t> ReadResidentBytes(int pid);

}  // namespace gauthflow::load

#endif  // GAUTHFLOW_TESTS_LOAD_PROCESS_MEMORY_H_
