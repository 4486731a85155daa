#!/usr/bin/env bash
# The README's first command: installs what is missing, builds the gauthflow command (and the
# module with the fake Google server it loads), and runs `gauthflow demo`: sign in to the
# embedded fake Google through the loopback redirect with a scripted browser, then list the five
# files the user modified most recently. Extra arguments go to the demo, e.g. ci/demo.sh --mode device.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${GAUTHFLOW_BUILD_DIR:-$root/build}
jobs=${GAUTHFLOW_JOBS:-$(nproc)}

"$root/ci/install-deps.sh"
# The compiler's progress goes to a log, printed only when the build fails, so that the demo's
# own output follows the install summary directly.
log=$build_dir/demo-build.log
mkdir -p "$build_dir"
started=$SECONDS
# Only what the demo needs; ci/test.sh builds everything.
if ! { cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo &&
       cmake --build "$build_dir" -j "$jobs" --target gauthflow; } >"$log" 2>&1; then
  echo "demo: the build failed; its output (all of it is in $log):" >&2
  tail -n 80 "$log" >&2
  exit 1
fi
echo "demo: gauthflow built in $((SECONDS - started)) s"
exec "$build_dir/cli/gauthflow" demo "$@"
