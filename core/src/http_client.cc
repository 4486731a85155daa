#include "gauthflow/http_client.h"

#include <algorithm>
#include <cctype>

namespace gauthflow {

std::optional<std::string> FindHeader(HttpHeaders const& headers, std::string_view name) {
  auto const same = [name](std::string const& candidate) {
    return std::equal(candidate.begin(), candidate.end(), name.begin(), name.end(),
                      [](char a, char b) {
                        return std::tolower(static_cast<unsigned char>(a)) ==
                               std::tolower(static_cast<unsigned char>(b));
                      });
  };
  for (auto const& [key, value] : headers) {
    if (same(key)) return value;
  }
  return std::nullopt;
}

}  // namespace gauthflow
