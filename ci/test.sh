#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, runs every test.
#   ci/test.sh                  all tests (labels: unit, mockserver, e2e, install, interop, fuzz)
#   ci/test.sh -L unit          extra arguments go to ctest
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${GAUTHFLOW_BUILD_DIR:-$root/build}
# The interop tests need Google's Python clients, Chromium and playwright-core as well.
"$root/ci/install-deps.sh" --with-interop
"$root/ci/build.sh"
cd "$build_dir"
ctest --output-on-failure -j "${GAUTHFLOW_JOBS:-$(nproc)}" --timeout 300 "$@"
