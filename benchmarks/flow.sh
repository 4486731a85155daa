#!/usr/bin/env bash
# Speed of the whole flow (issue 9, "Speed"), each figure beside its peer from the same run:
#   - the whole flow: `gauthflow login` (loopback) then `gauthflow drive ls`, against the seed's
#     Python example (google-auth-oauthlib's run_local_server + googleapiclient's
#     files().list(orderBy='modifiedByMeTime desc', pageSize=5), benchmarks/flow/
#     drive_quickstart.py on Debian's /usr/bin/python3): wall time (hyperfine) and peak RSS
#     (/usr/bin/time -f %M), both against one `gauthflow-mockserver --auto-approve`, both with
#     the same compiled $BROWSER (benchmarks/flow/redirect_browser.cc);
#   - the same flow in one process (flow_in_process_benchmark, Google Benchmark);
#   - start-up: `gauthflow token` from a valid cached token and `gauthflow --help`, each against
#     `openssl version`;
#   - the floor: do-nothing programs linked with the Poco libraries gauthflow loads
#     (benchmarks/flow/poco_floor.cc), the browser until it detaches, and login and drive ls
#     each on its own, to show how much of the flow is gauthflow's own work.
# How the sides alternate: the whole flow runs FLOW_ROUNDS rounds (default 15); each round times
# one run of each side (hyperfine --runs 1, so the runs interleave A B B A A B ...), then takes
# each side's peak RSS from one more run under /usr/bin/time, in the same alternating order.
# The start-up pairs run FLOW_ROUNDS hyperfine invocations of 20 runs per command (3 warm-up),
# the command order swapped from one invocation to the next. Medians are over all runs.
# Writes benchmarks/results/flow.md (FLOW_OUT), keeping its "## Before (...)" and "## Notes"
# sections.
#
#   benchmarks/flow.sh [BUILD_DIR]     default: $GAUTHFLOW_BUILD_DIR, else build-release/
#
# Environment: FLOW_ROUNDS (15), FLOW_LABEL (this run's heading; "Before (...)" for a
# baseline), FLOW_OUT. Installs hyperfine, python3-google-auth-oauthlib, python3-googleapi,
# time and openssl with apt-get when missing (ci/install-deps.sh), and configures BUILD_DIR as a
# Release tree (benchmarks on, tests off) when it is new.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${1:-${GAUTHFLOW_BUILD_DIR:-$root/build-release}}
rounds=${FLOW_ROUNDS:-15}
out=${FLOW_OUT:-$root/benchmarks/results/flow.md}
label=${FLOW_LABEL:-"Run of $(date -u +%Y-%m-%d) at $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"}
python=/usr/bin/python3  # Debian's, which has the packages (not a pyenv shim on PATH)

# --- what it needs --------------------------------------------------------------------------
"$root/ci/install-deps.sh" hyperfine python3 python3-google-auth-oauthlib python3-googleapi \
  time openssl
if [[ ! -f $build_dir/CMakeCache.txt ]]; then
  cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
fi
cmake -S "$root" -B "$build_dir" -DGAUTHFLOW_BUILD_BENCHMARKS=ON >/dev/null
cmake --build "$build_dir" -j "${GAUTHFLOW_JOBS:-$(nproc)}" \
  --target gauthflow gauthflow-mockserver redirect_browser flow_in_process_benchmark \
  poco_floor_json poco_floor_net
gauthflow=$build_dir/cli/gauthflow
fake_bin=$build_dir/mockserver/gauthflow-mockserver
browser=$build_dir/benchmarks/redirect_browser
in_process=$build_dir/benchmarks/flow_in_process_benchmark
floor_json=$build_dir/benchmarks/poco_floor_json
floor_net=$build_dir/benchmarks/poco_floor_net
quickstart=$root/benchmarks/flow/drive_quickstart.py
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build_dir/CMakeCache.txt")

# --- the fake: stopped on every exit ----------------------------------------------------------
tmp=$(mktemp -d)
fake_pid=
cleanup() {
  if [[ -n $fake_pid ]]; then kill "$fake_pid" 2>/dev/null || true; wait "$fake_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

"$fake_bin" --port=0 --auto-approve >"$tmp/fake.out" 2>"$tmp/fake.err" &
fake_pid=$!
fake_url=
for _ in $(seq 200); do  # its first stdout line is the base URL (mockserver/README.md)
  fake_url=$(head -n 1 "$tmp/fake.out")
  [[ -n $fake_url ]] && break
  kill -0 "$fake_pid" 2>/dev/null || break
  sleep 0.05
done
if [[ -z $fake_url ]]; then
  echo "flow.sh: the fake did not start: $(cat "$tmp/fake.err")" >&2
  exit 1
fi

# A client_secret.json as Cloud Console downloads it for a Desktop client, pointing at the fake.
secrets=$tmp/client_secret.json
cat >"$secrets" <<EOF
{"installed": {"client_id": "gauthflow-demo.apps.googleusercontent.com",
  "project_id": "gauthflow-bench", "auth_uri": "$fake_url/o/oauth2/auth",
  "token_uri": "$fake_url/token", "auth_provider_x509_cert_url": "$fake_url/oauth2/v1/certs",
  "client_secret": "GOCSPX-gauthflow-demo-secret", "redirect_uris": ["http://localhost"]}}
EOF
creds=$tmp/credentials.json
export BROWSER=$browser REDIRECT_BROWSER_LOG=$tmp/browser.log
export GAUTHFLOW_ENDPOINT_BASE=$fake_url
# The fake is plain http on loopback; oauthlib refuses http token endpoints without this.
export OAUTHLIB_INSECURE_TRANSPORT=1

gauthflow_flow="$gauthflow login --client-secrets $secrets --credentials $creds && $gauthflow drive ls --credentials $creds"
python_flow="$python $quickstart $secrets $fake_url/discovery/v1/apis/{api}/{apiVersion}/rest"
# Each login is a first sign-in, as the Python example's is: no credentials kept between runs.
reset_creds="rm -f $creds"

# Both sides must work before they are timed.
eval "$reset_creds"
if ! sh -c "$gauthflow_flow" >"$tmp/check.out" 2>&1 || ! grep -q notes.txt "$tmp/check.out"; then
  echo "flow.sh: the gauthflow side failed:" >&2; cat "$tmp/check.out" "$tmp/browser.log" >&2 2>/dev/null; exit 1
fi
if ! sh -c "$python_flow" >"$tmp/check.out" 2>&1 || ! grep -q notes.txt "$tmp/check.out"; then
  echo "flow.sh: the Python side failed:" >&2; cat "$tmp/check.out" "$tmp/browser.log" >&2 2>/dev/null; exit 1
fi

# --- small helpers -----------------------------------------------------------------------------
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {if (NR % 2) print v[(NR+1)/2]; else if (NR) print (v[NR/2] + v[NR/2+1]) / 2; else print "-"}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b + 0 > 0) printf "%.2f", a / b; else print "-"}'; }
# times_ms JSON...: every run's wall time in ms from hyperfine --export-json files, by command;
# then the CPU time (user + system) in ms, of that run for --runs 1, else the invocation's mean.
times_ms() {
  "$python" - "$@" <<'EOF'
import json, sys
for path in sys.argv[1:]:
    for result in json.load(open(path))["results"]:
        for t in result["times"]:
            print("%s\t%.3f\t%.3f" % (result["command"], t * 1000,
                                       (result["user"] + result["system"]) * 1000))
EOF
}
of_command() { awk -F'\t' -v c="$1" '$1 == c {print $2}' "$2"; }
cpu_of_command() { awk -F'\t' -v c="$1" '$1 == c {print $3}' "$2"; }
report=$tmp/report.md
say() { printf '%s\n' "$*" >>"$report"; }

# --- the whole flow ------------------------------------------------------------------------------
run_side() {  # run_side NAME ROUND: one timed run, then one run for the peak RSS
  local cmd
  if [[ $1 == gauthflow ]]; then cmd=$gauthflow_flow; else cmd=$python_flow; fi
  hyperfine --runs 1 --prepare "$reset_creds" --style none --export-json "$tmp/flow-$2-$1.json" \
    --command-name "$1" "$cmd" >/dev/null
  eval "$reset_creds"
  # ru_maxrss of sh's children: the largest of sh and the programs it ran (the detached browser
  # is not waited for, on either side).
  /usr/bin/time -f %M -o "$tmp/rss" sh -c "$cmd" >/dev/null 2>&1
  echo "$(cat "$tmp/rss")" >>"$tmp/rss-$1"
}
for round in $(seq "$rounds"); do
  if ((round % 2)); then order="gauthflow python"; else order="python gauthflow"; fi
  for side in $order; do run_side "$side" "$round"; done
  echo "flow round $round/$rounds done" >&2
done
times_ms "$tmp"/flow-*.json >"$tmp/flow-times"
g_ms=$(median $(of_command gauthflow "$tmp/flow-times")); p_ms=$(median $(of_command python "$tmp/flow-times"))
g_cpu=$(median $(cpu_of_command gauthflow "$tmp/flow-times")); p_cpu=$(median $(cpu_of_command python "$tmp/flow-times"))
g_rss=$(median $(cat "$tmp/rss-gauthflow")); p_rss=$(median $(cat "$tmp/rss-python"))
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }

# --- the same flow in one process ----------------------------------------------------------------
"$in_process" --benchmark_repetitions=10 --benchmark_format=json >"$tmp/in_process.json" 2>/dev/null
# "p50 iterations": the median of the repetitions' mean times, and the iterations per repetition.
read -r in_process_p50 in_process_iterations < <("$python" -c '
import json, statistics, sys
runs = [b for b in json.load(open(sys.argv[1]))["benchmarks"] if b.get("run_type") == "iteration"]
print("%.3f %d" % (statistics.median(b["real_time"] for b in runs), runs[0]["iterations"]))' "$tmp/in_process.json")

# --- start-up: token from a valid cache, --help; each against openssl version -------------------
eval "$reset_creds"
sh -c "$gauthflow login --client-secrets $secrets --credentials $creds" >/dev/null 2>&1
token_cmd="$gauthflow token --credentials $creds"
help_cmd="$gauthflow --help"
openssl_cmd="openssl version"
"$gauthflow" token --credentials "$creds" >/dev/null  # a valid token: exit 0 with no request
for round in $(seq "$rounds"); do
  if ((round % 2)); then cmds=("$token_cmd" "$help_cmd" "$openssl_cmd")
  else cmds=("$openssl_cmd" "$help_cmd" "$token_cmd"); fi
  hyperfine -N --warmup 3 --runs 20 --style none --export-json "$tmp/start-$round.json" \
    "${cmds[@]}" >/dev/null
done
times_ms "$tmp"/start-*.json >"$tmp/start-times"
t_ms=$(median $(of_command "$token_cmd" "$tmp/start-times"))
h_ms=$(median $(of_command "$help_cmd" "$tmp/start-times"))
o_ms=$(median $(of_command "$openssl_cmd" "$tmp/start-times"))
# The CPU time repeats per run within an invocation: one value per invocation.
cpu_per_invocation() { cpu_of_command "$1" "$tmp/start-times" | awk 'NR % 20 == 1'; }
t_cpu=$(median $(cpu_per_invocation "$token_cmd")); h_cpu=$(median $(cpu_per_invocation "$help_cmd"))
o_cpu=$(median $(cpu_per_invocation "$openssl_cmd"))

# --- the floor: what the flow's processes cost before gauthflow's own code runs ----------------
# Each of the two commands is a process that loads Debian's Poco (shared libraries only); the
# browser is on the clock until it has detached. login on its own starts from no credentials,
# drive ls on its own from the ones a login left.
login_cmd="$gauthflow login --client-secrets $secrets --credentials $creds"
drive_cmd="$gauthflow drive ls --credentials $creds"
browser_cmd="$browser http://127.0.0.1:1/"  # exec, start-up and detach; the child's connect fails
floor_cmds=(/bin/true "$floor_json" "$floor_net" "$help_cmd" "$browser_cmd")
for round in $(seq "$rounds"); do
  if ((round % 2)); then cmds=("${floor_cmds[@]}"); else
    cmds=(); for ((i = ${#floor_cmds[@]} - 1; i >= 0; i--)); do cmds+=("${floor_cmds[i]}"); done
  fi
  hyperfine -N --warmup 3 --runs 20 --style none --export-json "$tmp/floor-$round.json" \
    "${cmds[@]}" >/dev/null
  # login, then drive ls on what its last run stored (hyperfine stops at a failed run).
  hyperfine -N --warmup 1 --runs 10 --prepare "$reset_creds" --style none \
    --export-json "$tmp/floor-login-$round.json" "$login_cmd" >/dev/null
  hyperfine -N --warmup 1 --runs 10 --style none --export-json "$tmp/floor-drive-$round.json" \
    "$drive_cmd" >/dev/null
done
times_ms "$tmp"/floor-*.json >"$tmp/floor-times"
floor_ms() { median $(of_command "$1" "$tmp/floor-times"); }
true_ms=$(floor_ms /bin/true); json_ms=$(floor_ms "$floor_json"); net_ms=$(floor_ms "$floor_net")
fhelp_ms=$(floor_ms "$help_cmd"); browser_ms=$(floor_ms "$browser_cmd")
login_ms=$(floor_ms "$login_cmd"); drive_ms=$(floor_ms "$drive_cmd")
floor_sum=$(awk -v n="$net_ms" -v b="$browser_ms" 'BEGIN {printf "%.1f", 2 * n + b}')
twenty_x=$(awk -v p="$p_ms" 'BEGIN {printf "%.1f", p / 20}')

# --- the report ------------------------------------------------------------------------------------
shown() { sed -e "s|$build_dir|\$BUILD|g" -e "s|$tmp|\$TMP|g" -e "s|$root/||g" -e "s|$fake_url|\$FAKE|g" <<<"$1"; }
say "## $label"
say ""
say "- machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/^Mem:/ {print $2}') GB, Linux $(uname -r)"
say "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); gauthflow $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown) ($build_type build)"
say "- load average when it started: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine shares its cores)"
say "- peers: Python $("$python" -c 'import platform; print(platform.python_version())'), google-auth-oauthlib $(dpkg-query -W -f='${Version}' python3-google-auth-oauthlib), googleapiclient $(dpkg-query -W -f='${Version}' python3-googleapi), $(openssl version), $(hyperfine --version)"
say "- command: \`benchmarks/flow.sh $(shown "$build_dir")\` (FLOW_ROUNDS=$rounds)"
say ""
say "### The whole flow: sign in (loopback) and list 5 Drive files"
say ""
say "Targets: gauthflow ≥ 20× faster than the Python example (median), peak RSS ≤ ¼ of Python's."
say ""
say '```'
say "gauthflow-mockserver --port=0 --auto-approve      # one fake for both sides"
say "export BROWSER=\$BUILD/benchmarks/redirect_browser GAUTHFLOW_ENDPOINT_BASE=\$FAKE OAUTHLIB_INSECURE_TRANSPORT=1"
say "$(shown "$gauthflow_flow")"
say "$(shown "$python_flow")"
say '```'
say ""
say "Each run is a first sign-in (the credentials file is deleted before it). Alternated: $rounds rounds,"
say "each one hyperfine run per side (\`hyperfine --runs 1\`, order swapped every round), then one"
say "run per side under \`/usr/bin/time -f %M\` (the largest resident set of the processes the"
say "side runs; the browser, the same program on both sides, is detached and not counted)."
say ""
say "| | gauthflow | Python example | Python / gauthflow |"
say "|---|---|---|---|"
say "| wall time, median of $rounds (ms) | $g_ms | $p_ms | $(ratio "$p_ms" "$g_ms")× |"
say "| CPU time (user + system), median of $rounds (ms) | $g_cpu | $p_cpu | $(ratio "$p_cpu" "$g_cpu")× |"
say "| peak RSS, median of $rounds (MiB) | $(mib "$g_rss") | $(mib "$p_rss") | $(ratio "$p_rss" "$g_rss")× |"
say ""
say "### The same flow in one process"
say ""
say "Target: p50 ≤ 2 ms."
say ""
say '```'
say "flow_in_process_benchmark --benchmark_repetitions=10"
say '```'
say ""
say "InstalledAppFlow::RunLocalServer with PocoHttpClient and LoopbackRedirectReceiver, the fake"
say "embedded (auto-approve), a browser thread following the redirect to the listener, then"
say "DriveClient::ListFiles; all over loopback TCP. Median of 10 repetitions' mean times"
say "($in_process_iterations iterations each): **$in_process_p50 ms**."
say ""
say "### Start-up"
say ""
say "Targets: \`gauthflow token\` from a valid cache ≤ 1.2× \`openssl version\`, \`--help\` ≤ 1.0×."
say ""
say '```'
say "hyperfine -N --warmup 3 --runs 20 '$(shown "$token_cmd")' '$(shown "$help_cmd")' '$openssl_cmd'"
say '```'
say ""
say "$rounds invocations, the command order reversed every other one; medians over all $((rounds * 20)) runs."
say ""
say "| command | median (ms) | / openssl version | CPU time, median of the invocations' means (ms) | / openssl version |"
say "|---|---|---|---|---|"
say "| \`gauthflow token\` (valid cached token) | $t_ms | $(ratio "$t_ms" "$o_ms")× | $t_cpu | $(ratio "$t_cpu" "$o_cpu")× |"
say "| \`gauthflow --help\` | $h_ms | $(ratio "$h_ms" "$o_ms")× | $h_cpu | $(ratio "$h_cpu" "$o_cpu")× |"
say "| \`openssl version\` | $o_ms | 1.00× | $o_cpu | 1.00× |"
say ""
say "### The floor: the flow's processes before gauthflow's own code runs"
say ""
say '```'
say "hyperfine -N --warmup 3 --runs 20 /bin/true \$BUILD/benchmarks/poco_floor_json \$BUILD/benchmarks/poco_floor_net '$(shown "$help_cmd")' '$(shown "$browser_cmd")'"
say "hyperfine -N --warmup 1 --runs 10 --prepare 'rm -f \$TMP/credentials.json' '$(shown "$login_cmd")'"
say "hyperfine -N --warmup 1 --runs 10 '$(shown "$drive_cmd")'"
say '```'
say ""
say "$rounds rounds, the first command list reversed every other one. \`poco_floor_*\` do nothing"
say "and are linked with Debian's Poco Foundation + JSON (what \`gauthflow\` links), and with Net as"
say "well (what a command that connects loads) — benchmarks/flow/poco_floor.cc."
say ""
say "| program | median (ms) |"
say "|---|---|"
say "| \`/bin/true\` | $true_ms |"
say "| do nothing, Poco Foundation + JSON | $json_ms |"
say "| do nothing, Poco Foundation + JSON + Net | $net_ms |"
say "| \`gauthflow --help\` | $fhelp_ms |"
say "| the browser until it detaches | $browser_ms |"
say "| \`gauthflow login\` alone | $login_ms |"
say "| \`gauthflow drive ls\` alone | $drive_ms |"
say ""
say "Two processes that load Poco with Net, and the browser's start, come to **$floor_sum ms**"
say "before either process does any work of its own (the fake's answers, the exchange, the"
say "credentials' fsync come on top); 20× the Python example's median above is **$twenty_x ms**."
say ""

# Keep the baseline section of an earlier run; this run replaces everything else.
{
  echo "# Speed of the whole flow (issue 9)"
  echo ""
  echo "Written by \`benchmarks/flow.sh\`; the \"Before\" section is the baseline before the start-up"
  echo "work, kept by later runs."
  echo ""
  if [[ $label != Before* && -f $out ]]; then
    awk '/^## Before / {keep = 1; print; next} /^## / {keep = 0} keep' "$out"
  fi
  cat "$report"
  # The profile notes (written by hand) stay too.
  if [[ -f $out ]]; then awk '/^## Notes/ {keep = 1} /^## / && !/^## Notes/ {keep = 0} keep' "$out"; fi
} >"$tmp/out.md"
mkdir -p "$(dirname "$out")"
mv "$tmp/out.md" "$out"
echo "wrote $out" >&2
