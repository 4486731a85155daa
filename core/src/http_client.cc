#include "gauthflow/http_client.h"

#include <algorithm>
#include <cctype>

#include <Poco/DateTime.h>
#include <Poco/DateTimeParser.h>
#include <Poco/NumberParser.h>
#include <Poco/Timestamp.h>

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

std::optional<std::chrono::system_clock::duration> ParseRetryAfter(
    HttpHeaders const& headers, std::chrono::system_clock::time_point now) {
  using Duration = std::chrono::system_clock::duration;
  auto const header = FindHeader(headers, "Retry-After");
  if (!header) return std::nullopt;
  std::string value = *header;
  auto const first = value.find_first_not_of(" \t");
  if (first == std::string::npos) return std::nullopt;
  value = value.substr(first, value.find_last_not_of(" \t") - first + 1);
  constexpr Poco::UInt64 kDay = 86'400;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    Poco::UInt64 seconds = 0;
    // Too many digits for 64 bits is still "longer than anyone waits".
    if (!Poco::NumberParser::tryParseUnsigned64(value, seconds)) seconds = kDay;
    return std::chrono::duration_cast<Duration>(
        std::chrono::seconds(std::min<Poco::UInt64>(seconds, kDay)));
  }
  Poco::DateTime date;
  int tzd = 0;
  if (!Poco::DateTimeParser::tryParse(value, date, tzd)) return std::nullopt;
  date.makeUTC(tzd);
  auto const at = std::chrono::system_clock::time_point(std::chrono::duration_cast<Duration>(
      std::chrono::microseconds(date.timestamp().epochMicroseconds())));
  return std::clamp(at - now, Duration::zero(),
                    std::chrono::duration_cast<Duration>(std::chrono::seconds(kDay)));
}

}  // namespace gauthflow
