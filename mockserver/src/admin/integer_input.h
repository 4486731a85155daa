#ifndef GAUTHFLOW_MOCKSERVER_ADMIN_INTEGER_INPUT_H_
#define GAUTHFLOW_MOCKSERVER_ADMIN_INTEGER_INPUT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include <Poco/JSON/Object.h>
#include <tl/expected.hpp>

namespace gauthflow::mockserver {

// An integer the admin API reads, with the range it accepts. Each range is chosen so that what
// the fake computes from the value (times, counters, header values) cannot overflow; a value
// outside it is refused with a message naming the range, before anything changes.
struct IntegerInput {
  std::string name;
  std::int64_t min = 0;
  std::int64_t max = 0;

  // "NAME must be an integer between MIN and MAX".
  std::string RangeMessage() const;
  // `text` in full as a decimal integer within the range.
  tl::expected<std::int64_t, std::string> Parse(std::string_view text) const;
  // The member `name` of `body` (`fallback` when absent or null): a JSON integer, or a string
  // holding one, within the range.
  tl::expected<std::int64_t, std::string> Read(Poco::JSON::Object const& body,
                                               std::int64_t fallback) const;
};

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_ADMIN_INTEGER_INPUT_H_
