#include "admin/integer_input.h"

#include <charconv>
#include <system_error>

#include <Poco/Exception.h>

namespace gauthflow::mockserver {

std::string IntegerInput::RangeMessage() const {
  return name + " must be an integer between " + std::to_string(min) + " and " +
         std::to_string(max);
}

tl::expected<std::int64_t, std::string> IntegerInput::Parse(std::string_view text) const {
  std::int64_t value = 0;
  auto const [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  // from_chars refuses what does not fit in 64 bits (result_out_of_range) instead of wrapping.
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < min ||
      value > max) {
    return tl::unexpected(RangeMessage());
  }
  return value;
}

tl::expected<std::int64_t, std::string> IntegerInput::Read(Poco::JSON::Object const& body,
                                                           std::int64_t fallback) const {
  if (!body.has(name) || body.isNull(name)) return fallback;
  Poco::Dynamic::Var const value = body.get(name);
  if (value.isString()) return Parse(value.extract<std::string>());
  if (!value.isInteger() || value.isBoolean()) return tl::unexpected(RangeMessage());
  try {
    // Poco's JSON parser keeps integers as Int64, or UInt64 above INT64_MAX; converting checks
    // the range and throws instead of wrapping.
    if (!value.isSigned()) {
      auto const unsigned_value = value.convert<std::uint64_t>();
      if (max < 0 || unsigned_value > static_cast<std::uint64_t>(max)) {
        return tl::unexpected(RangeMessage());
      }
    }
    auto const signed_value = value.convert<std::int64_t>();
    if (signed_value < min || signed_value > max) return tl::unexpected(RangeMessage());
    return signed_value;
  } catch (Poco::Exception const&) {
    return tl::unexpected(RangeMessage());
  }
}

}  // namespace gauthflow::mockserver
