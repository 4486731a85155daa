#!/usr/bin/env bash
# Builds gauthflow with GCC's sanitizers and runs tests under them; exits non-zero on any report.
# ci/test.sh (the README's test command) runs both after the plain build's tests; this is the
# one place that says how a sanitizer build is made.
#   ci/sanitize.sh address   build-asan/, -fsanitize=address,undefined (LeakSanitizer included):
#                            the label e2e (every flow, in process and as processes), the
#                            fake's HTTP server (Serving), and the unit tests of the Poco HTTP
#                            client, the loopback listener and the credentials store
#   ci/sanitize.sh thread    build-tsan/, -fsanitize=thread: the concurrency tests: those of the
#                            fake (label mockserver) that run it or start threads, the label e2e
#                            (in-process flows, the CLI against the fake binary, the
#                            cross-process refresh), and the unit tests of the cached and
#                            refreshing token sources, the credentials store's lock, the loopback
#                            listener and the Poco HTTP client
#   ci/sanitize.sh thread -R Serving    extra arguments go to ctest, after the selection above
#                            (a further -L narrows it); the build is the same
# Only the test executables a run selects are built (and what they link), without benchmarks
# (ctest also runs the labelled ones an earlier build left in the directory).
# GAUTHFLOW_JOBS is honoured; GAUTHFLOW_SANITIZE_DIR overrides the build directory. Extra
# TSAN_OPTIONS / ASAN_OPTIONS / UBSAN_OPTIONS from the caller are appended (later ones win).
# Each run prints how long its build and its tests took; the figures, and why the runs leave
# out what they leave out, are in benchmarks/results/sanitizers.md. In short (2-core machine,
# .ci/run within 40 minutes):
#  - `install` (tests/consumer): it builds a small application against the install tree with
#    the compiler alone, without the sanitizer flags, and that cannot link against instrumented
#    static libraries; it checks install rules, which sanitizers say nothing about.
#  - under address, the other unit and mockserver tests: about 19 s of CPU each to build.
#  - `fuzz`: ci/fuzz.sh runs the same targets under clang's ASan + UBSan with libFuzzer (CI's
#    fuzz job); `interop` and `conformance`: Google's Python clients, Chromium and other
#    programs against the fake, minutes of start-up for requests that the mockserver and e2e
#    labels already send to the instrumented fake.
#  - under thread, the fake's single-threaded stores and parsers.
# Warnings are not errors here (ci/build.sh enforces them): GCC's instrumentation changes what
# its flow-sensitive warnings see (under ASan GCC 12 reports -Wmaybe-uninitialized inside
# libstdc++'s <regex>), and these builds exist for what happens at run time.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=${GAUTHFLOW_JOBS:-$(nproc)}
mode=${1:-}
shift || true

case "$mode" in
  thread)
    build_dir=${GAUTHFLOW_SANITIZE_DIR:-$root/build-tsan}
    flags="-fsanitize=thread"
    ;;
  address)
    build_dir=${GAUTHFLOW_SANITIZE_DIR:-$root/build-asan}
    flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
    ;;
  *)
    echo "usage: ci/sanitize.sh thread|address [ctest arguments...]" >&2
    exit 2
    ;;
esac

# The options apply to the build too: gtest_discover_tests runs each test binary once to list
# its tests, so a report there fails the build.
# halt_on_error: the first report ends the process, so that no test passes after one. No
# suppressions: the runs recorded in benchmarks/results/sanitizers.md had no report in Poco or
# the system libraries; one that is needed goes in a file named here, with a reason per entry.
tsan="halt_on_error=1:second_deadlock_stack=1:history_size=4"
asan="halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1"
asan+=":check_initialization_order=1:strict_init_order=1"
export TSAN_OPTIONS="$tsan${TSAN_OPTIONS:+:$TSAN_OPTIONS}"
export ASAN_OPTIONS="$asan${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"

# Ninja builds the selected test executables in parallel (make would build them one by one).
"$root/ci/install-deps.sh" ninja-build
TIMEFORMAT="ci/sanitize.sh $mode: configure and build %R s (CPU %U s user, %S s system)"
# -O1 -g1: optimised as the sanitizers' documentation suggests, with line tables for the
# reports; quicker to build than ci/build.sh's -O2 -g on a small machine. No benchmarks.
time {
  cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" -DGAUTHFLOW_WERROR=OFF \
    -DGAUTHFLOW_BUILD_BENCHMARKS=OFF "-DCMAKE_CXX_FLAGS=$flags" \
    "-DCMAKE_EXE_LINKER_FLAGS=$flags" "-DCMAKE_SHARED_LINKER_FLAGS=$flags" >/dev/null
  cd "$build_dir"
  # Only the test executables that the runs below select (and what they depend on): no
  # benchmarks, fuzz replayers or conformance tests. tests/CMakeLists.txt names the executable
  # of <dir>/<name>.cc <label>_<name>.
  targets=()
  add_tests() {  # add_tests LABEL DIR [ERE that a source must match]
    local source
    for source in "$root/tests/$2"/*_test.cc; do
      if [[ -z "${3:-}" ]] || grep -qE "$3" "$source"; then
        targets+=("$1_$(basename "$source" .cc)")
      fi
    done
  }
  if [[ "$mode" == thread ]]; then
    # The fake's tests that run it (over loopback, or the binary) or start threads; the rest of
    # the label tests single-threaded stores and parsers.
    add_tests mockserver mockserver '"test_support.h"|FakeGoogleServer|std::(j?thread|async)'
    add_tests e2e e2e
    for name in token_source refreshing_token_source credentials_store \
                loopback_redirect_receiver poco_http_client; do
      targets+=("unit_${name}_test")
    done
  else
    # Every flow end to end (in one process, and the two programs as processes), the fake's
    # HTTP server, and the unit tests of the code at the edge of the outside world: sockets,
    # HTTP, files. The other unit and mockserver executables cost ~19 s of CPU each to build
    # under ASan + UBSan, which .ci/run's 40 minutes do not hold (sanitizers.md).
    add_tests e2e e2e
    targets+=(mockserver_serving_test unit_poco_http_client_test
              unit_loopback_redirect_receiver_test unit_credentials_store_test)
  fi
  cmake --build . -j "$jobs" --target "${targets[@]}"
}

# ctest's name regex for the unit suites that run threads (or processes) against each other.
suites=CachedTokenSource\|RefreshingTokenSourceTest\|FileRefreshingTokenSourceTest
suites+=\|CredentialsStoreTest\|LoopbackRedirectReceiver\|PocoHttpClient
concurrent_unit_suites="(^|/)($suites)\\."
status=0
TIMEFORMAT="ci/sanitize.sh $mode: tests %R s (CPU %U s user, %S s system)"
time {
  if [[ "$mode" == thread ]]; then
    # Tests of targets not built appear as <target>_NOT_BUILT without a label, so -L skips them.
    ctest --output-on-failure -j "$jobs" --timeout 600 -L 'mockserver|e2e' "$@" || status=$?
    ctest --output-on-failure -j "$jobs" --timeout 600 -L unit -R "$concurrent_unit_suites" "$@" ||
      status=$?
  else
    ctest --output-on-failure -j "$jobs" --timeout 600 -L 'unit|mockserver|e2e' "$@" || status=$?
  fi
}
exit "$status"
