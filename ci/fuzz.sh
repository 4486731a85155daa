#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (coverage, ASan, UBSan) into build-fuzz/
# and runs each for $GAUTHFLOW_FUZZ_SECONDS seconds (default 60), or for $GAUTHFLOW_FUZZ_RUNS
# executions when that is set, one after the other, starting from its seed corpus. Exits
# non-zero when any target crashes, leaks, hits UB or times out; the input that did it is kept
# in build-fuzz/fuzz-artifacts/<target>/.
#   ci/fuzz.sh                               every target
#   ci/fuzz.sh drive_query token_response    only these
#   GAUTHFLOW_FUZZ_SECONDS=600 ci/fuzz.sh    longer runs
#   GAUTHFLOW_FUZZ_RUNS=1000000 ci/fuzz.sh   a fixed number of executions a target, however long
#                                            (benchmarks/results/fuzz.md)
# Inputs that found new coverage accumulate in build-fuzz/fuzz-corpus/<target>/ (the seed
# corpora in tests/fuzz/corpus/ are only read); logs are in build-fuzz/fuzz-logs/.
# Reproduce a crash: build-fuzz/tests/fuzz/fuzz_<target> <crash file>.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${GAUTHFLOW_FUZZ_DIR:-$root/build-fuzz}
seconds=${GAUTHFLOW_FUZZ_SECONDS:-60}
runs=${GAUTHFLOW_FUZZ_RUNS:-}
if [[ -n "$runs" ]]; then
  [[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "fuzz: GAUTHFLOW_FUZZ_RUNS must be a positive count" >&2; exit 2; }
  # -runs stops after that many executions; no time limit then.
  budget=(-runs="$runs")
  budget_text="$runs runs"
else
  budget=(-max_total_time="$seconds")
  budget_text="${seconds}s"
fi
jobs=${GAUTHFLOW_JOBS:-$(nproc)}

"$root/ci/install-deps.sh" clang libclang-rt-14-dev
export CC=clang CXX=clang++
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DBUILD_TESTING=OFF -DGAUTHFLOW_BUILD_FUZZERS=ON >/dev/null

if (($# > 0)); then
  targets=("$@")
  # Only the named targets are built (the core parsers' need no mock server library).
  build_targets=()
  for target in "${targets[@]}"; do build_targets+=("fuzz_$target"); done
else
  targets=()
  for dir in "$root"/tests/fuzz/corpus/*/; do targets+=("$(basename "$dir")"); done
  build_targets=(gauthflow_fuzzers)
fi
cmake --build "$build_dir" -j "$jobs" --target "${build_targets[@]}"

# A value from libFuzzer's final statistics (-print_final_stats=1) in a log.
stat() { sed -n "s/^stat::$1: *//p" "$2" | tail -n 1; }

summary=()
failed=0
for target in "${targets[@]}"; do
  binary=$build_dir/tests/fuzz/fuzz_$target
  seeds=$root/tests/fuzz/corpus/$target
  [[ -x "$binary" && -d "$seeds" ]] || { echo "fuzz: no target named $target" >&2; exit 2; }
  corpus=$build_dir/fuzz-corpus/$target
  artifacts=$build_dir/fuzz-artifacts/$target
  log=$build_dir/fuzz-logs/$target.log
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  dict=()
  [[ -f "$root/tests/fuzz/dict/$target.dict" ]] && dict=("-dict=$root/tests/fuzz/dict/$target.dict")
  echo "== fuzz_$target: $budget_text"
  status=0
  # The first directory receives new inputs; the seed corpus is only read. A run that finds
  # nothing exits 0; a crash, leak, UB report, timeout or out-of-memory exits non-zero.
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
  UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    "$binary" "${budget[@]}" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
      -print_final_stats=1 -artifact_prefix="$artifacts/" "${dict[@]}" "$corpus" "$seeds" \
      >"$log" 2>&1 || status=$?
  execs=$(stat number_of_executed_units "$log")
  rate=$(stat average_exec_per_sec "$log")
  rss=$(stat peak_rss_mb "$log")
  # The last status line of libFuzzer's (#N DONE / pulse / NEW ... cov: C ft: F corp: N/...).
  coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
  features=$(grep -o 'ft: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
  if ((status == 0)); then
    result=ok
  else
    result="FAILED (exit $status)"
    failed=1
    grep -E '^==[0-9]+==ERROR|runtime error|SUMMARY|^artifact_prefix|Test unit written' "$log" | head -n 8 || true
  fi
  summary+=("$(printf '%-24s %-16s %12s execs %8s/s  cov %-6s ft %-6s corpus %-5s rss %sMB' \
    "$target" "$result" "${execs:-?}" "${rate:-?}" "${coverage:-?}" "${features:-?}" \
    "$(find "$corpus" -type f | wc -l)" "${rss:-?}")")
done

echo
echo "fuzz summary ($budget_text per target; logs in $build_dir/fuzz-logs/)"
printf '  %s\n' "${summary[@]}"
if ((failed)); then
  echo "fuzz: failures; crashing inputs are in $build_dir/fuzz-artifacts/" >&2
  exit 1
fi
