#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, runs every test, then runs the
# suite again under GCC's sanitizers (ci/sanitize.sh, which holds their build recipe):
#   1. build/ (ci/build.sh, -Werror): every test (labels unit, mockserver, e2e, install, fuzz,
#      interop, conformance)
#   2. build-asan/: AddressSanitizer + UndefinedBehaviorSanitizer (and LeakSanitizer) over the
#      end-to-end flows, the fake's HTTP server and the Poco edge (ci/sanitize.sh address)
#   3. build-tsan/: ThreadSanitizer over the concurrency tests (ci/sanitize.sh thread)
# ci/sanitize.sh's header says what each selects and why; benchmarks/results/sanitizers.md
# how long each takes.
# All three run even when one fails; the command fails if any of them failed.
#   ci/test.sh                   all of it
#   ci/test.sh -L unit           extra arguments go to the ctest of each of the three runs and
#                                narrow what each runs (a sanitizer run selects its own tests
#                                first, then these; it still builds its whole set of targets)
#   ci/test.sh --no-sanitizers   step 1 only, for a quick run at a desk (also
#                                GAUTHFLOW_SANITIZERS=0); CI and .ci/run run all three
# GAUTHFLOW_BUILD_DIR (step 1's directory, default build/) and GAUTHFLOW_JOBS are honoured.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${GAUTHFLOW_BUILD_DIR:-$root/build}
sanitizers=${GAUTHFLOW_SANITIZERS:-1}
if [[ "${1:-}" == "--no-sanitizers" ]]; then
  sanitizers=0
  shift
fi

# The interop tests need Google's Python clients, Chromium and playwright-core as well.
"$root/ci/install-deps.sh" --with-interop
"$root/ci/build.sh"
failed=()
jobs=${GAUTHFLOW_JOBS:-$(nproc)}
(cd "$build_dir" && ctest --output-on-failure -j "$jobs" --timeout 300 "$@") ||
  failed+=("the tests in $build_dir")
if [[ "$sanitizers" != 0 ]]; then
  "$root/ci/sanitize.sh" address "$@" || failed+=("ci/sanitize.sh address")
  "$root/ci/sanitize.sh" thread "$@" || failed+=("ci/sanitize.sh thread")
fi
if ((${#failed[@]})); then
  printf 'ci/test.sh: failed: %s\n' "${failed[@]}" >&2
  exit 1
fi
