#!/usr/bin/env bash
# Configures and builds gauthflow (tests and benchmarks included) into $GAUTHFLOW_BUILD_DIR
# (default: build/ in the checkout). Warnings in our own code fail the build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${GAUTHFLOW_BUILD_DIR:-$root/build}
jobs=${GAUTHFLOW_JOBS:-$(nproc)}

"$root/ci/install-deps.sh"
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DGAUTHFLOW_WERROR=ON -DGAUTHFLOW_BUILD_BENCHMARKS=ON >/dev/null
cmake --build "$build_dir" -j "$jobs"
