#include "load/latency_percentiles.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace gauthflow::load {

std::optional<double> NearestRankPercentile(std::vector<double> samples, double percent) {
  if (samples.empty() || !(percent > 0.0 && percent <= 100.0)) return std::nullopt;
  auto const rank = static_cast<std::size_t>(
      std::ceil(percent / 100.0 * static_cast<double>(samples.size())));
  std::size_t const index = std::clamp<std::size_t>(rank, 1, samples.size()) - 1;
  std::nth_element(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(index),
                   samples.end());
  return samples[index];
}

}  // namespace gauthflow::load
