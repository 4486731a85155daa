// ParseDeviceCodeResponse on arbitrary bodies.

#include <chrono>
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "gauthflow/device_flow.h"

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  using gauthflow::fuzz::Check;
  auto const now = std::chrono::system_clock::time_point(std::chrono::seconds(1'717'243'200));
  auto const code = gauthflow::ParseDeviceCodeResponse(gauthflow::fuzz::AsText(data, size), now);
  if (code) {
    Check(!code->device_code.empty());
    Check(!code->user_code.empty());
    Check(!code->verification_url.empty());
    Check(!code->verification_url_complete || !code->verification_url_complete->empty());
    Check(code->expiry >= now);
    Check(code->interval > std::chrono::seconds::zero());
  } else {
    Check(!code.error().message.empty());
  }
  return 0;
}
