#!/usr/bin/env bash
# Builds the benchmarks in Release (build-bench/) and runs every *_benchmark binary once, with
# repetitions so that medians can be compared; extra arguments go to each binary.
#   ci/bench.sh                                  all benchmarks
#   ci/bench.sh --benchmark_filter=ParseToken    a subset
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${GAUTHFLOW_BENCH_DIR:-$root/build-bench}
"$root/ci/install-deps.sh"
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
  -DGAUTHFLOW_BUILD_BENCHMARKS=ON >/dev/null
cmake --build "$build_dir" -j "${GAUTHFLOW_JOBS:-$(nproc)}"
for bench in "$build_dir"/benchmarks/*_benchmark; do
  echo "== $(basename "$bench")"
  "$bench" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
    --benchmark_min_time=0.2 "$@"
done
