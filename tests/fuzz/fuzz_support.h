#ifndef GAUTHFLOW_TESTS_FUZZ_FUZZ_SUPPORT_H_
#define GAUTHFLOW_TESTS_FUZZ_FUZZ_SUPPORT_H_

// Small helpers shared by the fuzz targets: the input as text, splitting it into fields, and
// property checks that stop the process so that both libFuzzer and the replay driver report
// the input.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace gauthflow::fuzz {

inline std::string_view AsText(std::uint8_t const* data, std::size_t size) {
  return std::string_view(reinterpret_cast<char const*>(data), size);
}

// A property of the code under test does not hold: crash, so that the input is kept.
inline void Check(bool condition) {
  if (!condition) __builtin_trap();
}

// The first `count - 1` newline-terminated fields and the rest of the input as the last one
// (which may contain newlines). Missing fields are empty.
inline std::vector<std::string_view> SplitFields(std::string_view input, std::size_t count) {
  std::vector<std::string_view> fields;
  while (fields.size() + 1 < count) {
    auto const newline = input.find('\n');
    if (newline == std::string_view::npos) break;
    fields.push_back(input.substr(0, newline));
    input.remove_prefix(newline + 1);
  }
  fields.push_back(input);
  fields.resize(count);
  return fields;
}

}  // namespace gauthflow::fuzz

#endif  // GAUTHFLOW_TESTS_FUZZ_FUZZ_SUPPORT_H_
