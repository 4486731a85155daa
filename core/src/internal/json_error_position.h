#ifndef GAUTHFLOW_INTERNAL_JSON_ERROR_POSITION_H_
#define GAUTHFLOW_INTERNAL_JSON_ERROR_POSITION_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace gauthflow::internal {

// Poco 1.11's JSON parser reports what went wrong but not where (pdjson's line and position
// sit behind a private member). On the error path only, this RFC 8259 syntax scan finds the
// byte offset of the first error: the offending byte, or the size of `text` when the text ends
// too early. nullopt when the scan finds the text well-formed.
std::optional<std::size_t> JsonSyntaxErrorOffset(std::string_view text);

// "line 3, column 14" (both 1-based; the column counts bytes) for an offset into `text`.
std::string DescribeOffset(std::string_view text, std::size_t offset);

}  // namespace gauthflow::internal

#endif  // GAUTHFLOW_INTERNAL_JSON_ERROR_POSITION_H_
