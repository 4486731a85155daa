#!/usr/bin/env bash
# The README's first command: installs what is missing, builds the gauthflow command (with the
# fake Google server inside), and runs `gauthflow demo`: sign in to the embedded fake Google
# through the loopback redirect with a scripted browser, then list the five files the user
# modified most recently. Extra arguments go to the demo, e.g. ci/demo.sh --mode device.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${GAUTHFLOW_BUILD_DIR:-$root/build}
jobs=${GAUTHFLOW_JOBS:-$(nproc)}

"$root/ci/install-deps.sh"
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
# Only what the demo needs; ci/test.sh builds everything.
cmake --build "$build_dir" -j "$jobs" --target gauthflow
exec "$build_dir/cli/gauthflow" demo "$@"
