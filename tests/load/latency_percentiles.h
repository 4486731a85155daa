#ifndef GAUTHFLOW_TESTS_LOAD_LATENCY_PERCENTILES_H_
#define GAUTHFLOW_TESTS_LOAD_LATENCY_PERCENTILES_H_

#include <optional>
#include <vector>

namespace gauthflow::load {

// The nearest-rank percentile (the smallest sample with at least `percent`% of the samples at
// or below it) of `samples`, in their unit; nullopt for no samples or a percent outside
// (0, 100].
std::optional<double> NearestRankPercentile(std::vector<double> samples, double percent);

}  // namespace gauthflow::load

#endif  // GAUTHFLOW_TESTS_LOAD_LATENCY_PERCENTILES_H_
