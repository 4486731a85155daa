#!/usr/bin/env bash
# Drive corpus figures for gauthflow-mockserver (issue 8): for generated corpora of 100k and 1M
# files, the resident bytes per file, the start time to the first stdout line, and files.list
# latency (p50/p99 over keep-alive requests) for the reference query and two more.
#   benchmarks/fake_load/drive.sh [path/to/gauthflow-mockserver]   (default: build/ or build-release/)
# Environment: DRIVE_COUNTS (default "100000 1000000"), DRIVE_STARTS (starts per count, default 5),
# DRIVE_REQUESTS (requests per query, default 300).
# Prints a markdown section on stdout; progress goes to stderr. Loopback only.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)

binary=${1:-}
if [[ -z "$binary" ]]; then
  for candidate in "$root/build-release/mockserver/gauthflow-mockserver" "$root/build/mockserver/gauthflow-mockserver"; do
    [[ -x "$candidate" ]] && { binary=$candidate; break; }
  done
fi
[[ -n "$binary" && -x "$binary" ]] || { echo "drive.sh: no gauthflow-mockserver binary (pass its path)" >&2; exit 2; }

# curl for the requests, openssl for the PKCE challenge; ci/install-deps.sh skips what is there.
command -v curl >/dev/null && command -v openssl >/dev/null || "$root/ci/install-deps.sh" curl openssl >&2

counts=${DRIVE_COUNTS:-"100000 1000000"}
starts=${DRIVE_STARTS:-5}
requests=${DRIVE_REQUESTS:-300}
client_id=gauthflow-demo.apps.googleusercontent.com
client_secret=GOCSPX-gauthflow-demo-secret
scope=https://www.googleapis.com/auth/drive.metadata.readonly
work=$(mktemp -d)
server_pid=
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

now_ns() { date +%s%N; }

# Starts the server with `--generate-files=$1`; sets server_pid, base_url and start_ms (launch to
# the first stdout line, which is printed once the corpus is built).
start_server() {
  rm -f "$work/out"
  mkfifo "$work/out"
  local t0
  t0=$(now_ns)
  "$binary" --port 0 --auto-approve --generate-files="$1" > "$work/out" 2> "$work/err" &
  server_pid=$!
  exec {server_out}< "$work/out"
  if ! read -r -t 120 base_url <&"$server_out"; then
    echo "drive.sh: the server did not start: $(cat "$work/err")" >&2
    exit 1
  fi
  start_ms=$(( ($(now_ns) - t0) / 1000000 ))
  # CPU time (user + system) the process spent to get there: on a shared machine the wall
  # time depends on the neighbours' load, this much less.
  local stat
  read -r -a stat < "/proc/$server_pid/stat"
  start_cpu_ms=$(( (stat[13] + stat[14]) * 1000 / $(getconf CLK_TCK) ))
  # Keep draining stdout so the server never blocks on a full pipe.
  cat <&"$server_out" > /dev/null &
  exec {server_out}<&-
}

stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$server_pid/status"; }

# An access token through the fake's own flow: authorization with --auto-approve (a 302 to the
# redirect URI with the code), then the code exchange with PKCE S256 (RFC 7636 §4.2).
access_token() {
  local verifier challenge location code
  verifier=drive-benchmark-verifier-0123456789abcdefghijklmnopqrstuvwxyz
  challenge=$(printf '%s' "$verifier" | openssl dgst -sha256 -binary | openssl base64 -A | tr '+/' '-_' | tr -d '=')
  location=$(curl -sS -o /dev/null -w '%{redirect_url}' -G "$base_url/o/oauth2/v2/auth" \
    --data-urlencode "client_id=$client_id" --data-urlencode "redirect_uri=http://127.0.0.1:1/" \
    --data-urlencode "response_type=code" --data-urlencode "scope=$scope" \
    --data-urlencode "code_challenge=$challenge" --data-urlencode "code_challenge_method=S256" \
    --data-urlencode "state=drive-benchmark")
  code=$(sed -n 's/.*[?&]code=\([^&]*\).*/\1/p' <<< "$location")
  [[ -n "$code" ]] || { echo "drive.sh: no code in the redirect '$location'" >&2; exit 1; }
  curl -sS "$base_url/token" --data-urlencode "code=$code" --data-urlencode "client_id=$client_id" \
    --data-urlencode "client_secret=$client_secret" --data-urlencode "redirect_uri=http://127.0.0.1:1/" \
    --data-urlencode "code_verifier=$verifier" --data-urlencode "grant_type=authorization_code" |
    sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p'
}

# The listings measured: the reference query (the demo's), the default listing, a q filter.
queries=(
  "orderBy=modifiedByMeTime%20desc&pageSize=5"
  ""
  "q=mimeType%20!%3D%20%27application%2Fvnd.google-apps.folder%27%20and%20trashed%20%3D%20false&pageSize=5"
)
query_names=("orderBy=modifiedByMeTime desc, pageSize=5" "default (no parameters)"
             "q=mimeType != 'application/vnd.google-apps.folder' and trashed = false, pageSize=5")

# Times $requests GETs of one listing on one keep-alive connection (curl reuses it across the
# URLs of one invocation); prints "first_ms p50_ms p99_ms". The first request builds the sorted
# index for the order and is reported apart; the percentiles are over the others.
measure_list() {
  local url="$base_url/drive/v3/files?$1" i
  : > "$work/urls"
  for ((i = 0; i <= requests; ++i)); do printf 'url = "%s"\noutput = "/dev/null"\n' "$url" >> "$work/urls"; done
  curl -sS --fail -H "Authorization: Bearer $token" -w '%{time_total}\n' -K "$work/urls" > "$work/times"
  local first
  first=$(head -1 "$work/times")
  tail -n +2 "$work/times" | sort -n | awk -v first="$first" '{ t[NR] = $1 * 1000 }
    END { printf "%.2f %.2f %.2f\n", first * 1000, t[int(NR * 0.50) + 1], t[int(NR * 0.99) + 1] }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "drive.sh: $binary" >&2
# The empty server: its memory is subtracted; its start (process start-up and Poco's; the
# id_token RSA key is made on first use) is shown beside, for what the corpus adds.
base_times=()
base_cpus=()
for ((run = 1; run <= starts; ++run)); do
  start_server 0
  base_times+=("$start_ms")
  base_cpus+=("$start_cpu_ms")
  base_rss_kb=$(rss_kb)
  stop_server
done
base_median=$(printf '%s\n' "${base_times[@]}" | median)
base_cpu_median=$(printf '%s\n' "${base_cpus[@]}" | median)

results=()
for count in $counts; do
  times=()
  cpus=()
  for ((run = 1; run <= starts; ++run)); do
    start_server "$count"
    times+=("$start_ms")
    cpus+=("$start_cpu_ms")
    if (( run < starts )); then stop_server; fi
    echo "drive.sh: $count files, start $run: ${start_ms} ms (CPU ${start_cpu_ms} ms)" >&2
  done
  rss=$(rss_kb)
  per_file=$(( (rss - base_rss_kb) * 1024 / count ))
  token=$(access_token)
  [[ -n "$token" ]] || { echo "drive.sh: no access token" >&2; exit 1; }
  lists=()
  for q in "${queries[@]}"; do lists+=("$(measure_list "$q")"); done
  rss_after=$(rss_kb)
  stop_server
  results+=("$count|$(printf '%s\n' "${times[@]}" | median)|${times[*]}|$(printf '%s\n' "${cpus[@]}" | median)|$rss|$per_file|$rss_after|${lists[0]}|${lists[1]}|${lists[2]}")
done

cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
cat <<REPORT
## Drive corpus (\`--generate-files\`)

Machine: $(nproc) CPUs ($cpu), $(uname -sr); $(date -u +%Y-%m-%dT%H:%MZ).
Binary: \`$binary\`. Command: \`benchmarks/fake_load/drive.sh $binary\`
(starts per size: $starts; requests per listing: $requests on one keep-alive connection).

- **Resident bytes per file**: (VmRSS after start − VmRSS with \`--generate-files=0\`, ${base_rss_kb} kB) / N.
- **Start**: launch to the first stdout line (the base URL, printed after the corpus is built), median of $starts.
- **files.list**: \`curl -w %{time_total}\`; the first request (which builds the order's sorted index) apart, p50/p99 over the next $requests.

| files | start median (ms) | starts (ms) | start CPU median (ms) | VmRSS after start | bytes/file | VmRSS after listings |
|---|---|---|---|---|---|---|
| 0 | $base_median | ${base_times[*]} | $base_cpu_median | ${base_rss_kb} kB | – | – |
REPORT
for row in "${results[@]}"; do
  IFS='|' read -r count median_ms all cpu_ms rss per_file rss_after _ _ _ <<< "$row"
  printf '| %s | %s | %s | %s | %s kB | %s | %s kB |\n' "$count" "$median_ms" "$all" "$cpu_ms" "$rss" "$per_file" "$rss_after"
done
echo
echo "| files | listing | first (ms) | p50 (ms) | p99 (ms) |"
echo "|---|---|---|---|---|"
for row in "${results[@]}"; do
  IFS='|' read -r count _ _ _ _ _ _ l0 l1 l2 <<< "$row"
  i=0
  for l in "$l0" "$l1" "$l2"; do
    read -r first p50 p99 <<< "$l"
    printf '| %s | %s | %s | %s | %s |\n' "$count" "${query_names[$i]}" "$first" "$p50" "$p99"
    i=$((i + 1))
  done
done
