#!/usr/bin/env bash
# Whole-system figures for the fake Google (issue 8), each beside its peer from the same run:
#   - held connections: 10,000 idle + 100 slowloris held, fresh requests answered (fake vs nginx);
#     and the small case from the issue, 7 and 8 idle connections against the fake
#   - token endpoint, refresh grant: wrk -t2 -c64 and -c1000 (fake vs nginx serving a static
#     284-byte token JSON, 1 worker)
#   - soak: 64 loops of the whole flow for 60 s after a 10 s warm-up (benchmarks/fake_soak)
#   - Drive: the section printed by benchmarks/fake_load/drive.sh, when it exists
# Sides alternate from run to run; each figure is the median of FAKE_LOAD_RUNS runs (default 3).
# Writes benchmarks/results/fake_load.md (FAKE_LOAD_OUT), keeping its "## Before (...)" section.
#
#   benchmarks/fake_load.sh [BUILD_DIR]     default: $GAUTHFLOW_BUILD_DIR, else build-release/
#
# Environment: FAKE_LOAD_RUNS (3), FAKE_LOAD_SECTIONS ("hold token soak drive"),
# FAKE_LOAD_LABEL (the heading of this run's section; "Before (main at db9e5ef)" for the
# baseline), FAKE_LOAD_OUT. Installs wrk, nginx-light, hyperfine and curl with apt-get when
# missing, and configures BUILD_DIR as a Release tree (benchmarks on, tests off) when it is new.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${1:-${GAUTHFLOW_BUILD_DIR:-$root/build-release}}
runs=${FAKE_LOAD_RUNS:-3}
sections=${FAKE_LOAD_SECTIONS:-hold token soak drive}
out=${FAKE_LOAD_OUT:-$root/benchmarks/results/fake_load.md}
label=${FAKE_LOAD_LABEL:-"Run of $(date -u +%Y-%m-%d) at $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"}
client_id=gauthflow-demo.apps.googleusercontent.com
client_secret=GOCSPX-gauthflow-demo-secret
redirect_uri=http://127.0.0.1:8765/

# --- what it needs --------------------------------------------------------------------------
sudo_cmd=()
[[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx-light)
command -v hyperfine >/dev/null || missing+=(hyperfine)
command -v curl >/dev/null || missing+=(curl)
command -v python3 >/dev/null || missing+=(python3)
if ((${#missing[@]})); then
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

"$root/ci/install-deps.sh"
if [[ ! -f $build_dir/CMakeCache.txt ]]; then
  cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
fi
cmake -S "$root" -B "$build_dir" -DGAUTHFLOW_BUILD_BENCHMARKS=ON >/dev/null
cmake --build "$build_dir" -j "${GAUTHFLOW_JOBS:-$(nproc)}" \
  --target gauthflow-mockserver fake_hold_connections fake_soak
fake_bin=$build_dir/mockserver/gauthflow-mockserver
hold_bin=$build_dir/benchmarks/fake_hold_connections
soak_bin=$build_dir/benchmarks/fake_soak
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build_dir/CMakeCache.txt")

# 10,000 held connections on each side, plus what the fresh requests and wrk need.
ulimit -n "$(ulimit -Hn)"
if (($(ulimit -n) < 10400)); then
  echo "fake_load.sh: the open-file limit is $(ulimit -n); the held-connection case needs 10400" >&2
  exit 1
fi

# --- processes: every one started is stopped on exit ---------------------------------------
tmp=$(mktemp -d)
started_pids=()
cleanup() {
  for pid in "${started_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${started_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

stop_pid() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  local kept=()
  for pid in "${started_pids[@]}"; do [[ $pid == "$1" ]] || kept+=("$pid"); done
  started_pids=("${kept[@]}")
}

# start_fake ARGS...: sets fake_url and fake_pid (its first stdout line is the base URL).
start_fake() {
  : >"$tmp/fake.out"
  "$fake_bin" --port=0 "$@" >"$tmp/fake.out" 2>"$tmp/fake.err" &
  fake_pid=$!
  started_pids+=("$fake_pid")
  fake_url=
  for _ in $(seq 200); do
    fake_url=$(head -n 1 "$tmp/fake.out")
    [[ -n $fake_url ]] && return 0
    kill -0 "$fake_pid" 2>/dev/null || break
    sleep 0.05
  done
  echo "fake_load.sh: the fake did not start: $(cat "$tmp/fake.err")" >&2
  exit 1
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# A token answer of exactly 284 bytes in the shape of the fake's refresh answer.
static_token_json() {
  local head='{"access_token": "ya29.' tail='", "expires_in": 3599, "scope": "https://www.googleapis.com/auth/drive.metadata.readonly", "token_type": "Bearer"}'
  local pad=$((284 - ${#head} - ${#tail}))
  printf '%s%s%s' "$head" "$(head -c "$pad" /dev/zero | tr '\0' 'a')" "$tail"
}

# start_nginx: 1 worker, its own prefix and config in the temp dir, on a port picked free; sets
# nginx_url, nginx_pid (the master) and nginx_worker.
start_nginx() {
  local prefix=$tmp/nginx port
  port=$(free_port)
  mkdir -p "$prefix/logs"
  static_token_json >"$prefix/token.json"
  cat >"$prefix/nginx.conf" <<EOF
worker_processes 1;
worker_rlimit_nofile 20000;
daemon off;
pid $prefix/nginx.pid;
error_log $prefix/logs/error.log warn;
events { worker_connections 16384; }
http {
  access_log off;
  client_body_temp_path $prefix/body;
  proxy_temp_path $prefix/proxy;
  fastcgi_temp_path $prefix/fastcgi;
  uwsgi_temp_path $prefix/uwsgi;
  scgi_temp_path $prefix/scgi;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$port backlog=4096;
    location = /token { default_type application/json; return 200 '$(cat "$prefix/token.json")'; }
    location = /.well-known/openid-configuration {
      default_type application/json; return 200 '{"issuer": "http://127.0.0.1:$port"}';
    }
  }
}
EOF
  "$nginx_bin" -p "$prefix" -c "$prefix/nginx.conf" -e "$prefix/logs/error.log" &
  nginx_pid=$!
  started_pids+=("$nginx_pid")
  nginx_url=http://127.0.0.1:$port
  nginx_worker=
  for _ in $(seq 200); do
    nginx_worker=$(cat "/proc/$nginx_pid/task/$nginx_pid/children" 2>/dev/null | awk '{print $1}')
    if [[ -n $nginx_worker ]] && curl -sf -o /dev/null "$nginx_url/token"; then return 0; fi
    sleep 0.05
  done
  echo "fake_load.sh: nginx did not start: $(cat "$prefix/logs/error.log")" >&2
  exit 1
}

# --- small helpers -----------------------------------------------------------------------------
field() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }
median() { printf '%s\n' "$@" | grep -v '^-\?$' | sort -g | awk '{v[NR]=$1} END {if (NR) print v[int((NR+1)/2)]; else print "-"}'; }
# Side order for run N: the fake first on odd runs, nginx first on even ones.
sides() { if (($1 % 2)); then echo "fake nginx"; else echo "nginx fake"; fi; }
urlencode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
report=$tmp/report.md
say() { printf '%s\n' "$*" >>"$report"; }

# --- held connections ----------------------------------------------------------------------------
hold_args=(--idle=10000 --slowloris=100 --requests=200 --concurrency=8 --deadline-ms=2000 --drip-ms=2000)
hold_section() {
  declare -A p50 p99 fail held closed mem kinds
  local run side line url pid
  for run in $(seq "$runs"); do
    for side in $(sides "$run"); do
      if [[ $side == fake ]]; then start_fake; url=$fake_url pid=$fake_pid
      else start_nginx; url=$nginx_url pid=$nginx_worker; fi
      echo "hold run $run: $side" >&2
      line=$("$hold_bin" --url="$url" --pid="$pid" "${hold_args[@]}")
      echo "  $line" >&2
      p50[$side]+=" $(field "$line" p50_ms)"; p99[$side]+=" $(field "$line" p99_ms)"
      fail[$side]+=" $(field "$line" failures)"; held[$side]+=" $(field "$line" held_at_measure)"
      closed[$side]+=" $(field "$line" held_closed_by_server)"; mem[$side]+=" $(field "$line" rss_per_held_bytes)"
      kinds[$side]+="$(field "$line" resets)/$(field "$line" no_answer)/$(field "$line" timeouts) "
      if [[ $side == fake ]]; then stop_pid "$fake_pid"; else stop_pid "$nginx_pid"; fi
    done
  done
  say "### 10,000 idle + 100 slowloris connections held, 200 fresh requests"
  say ""
  say "Target (fake): p99 < 50 ms, 0 failures, ≤ 16 KB resident per held connection."
  say ""
  say '```'
  say "fake_hold_connections --url=\$BASE --pid=\$SERVER_PID ${hold_args[*]}"
  say '```'
  say ""
  say "Each request opens a new connection, asks for \`GET /.well-known/openid-configuration\`, and"
  say "fails when it is refused or reset, ends without an answer, or has no whole answer within 2 s"
  say "(8 in flight at a time). Latency percentiles include the failed requests at the time they failed."
  say "Memory: the server's VmRSS after opening minus before, over the connections held then"
  say "(nginx: its one worker). Medians of $runs runs, sides alternating."
  say ""
  say "| | fake | nginx (1 worker) |"
  say "|---|---|---|"
  say "| connections held when measured (of 10,100) | $(median ${held[fake]}) | $(median ${held[nginx]}) |"
  say "| held connections closed by the server | $(median ${closed[fake]}) | $(median ${closed[nginx]}) |"
  say "| fresh requests p50 (ms) | $(median ${p50[fake]}) | $(median ${p50[nginx]}) |"
  say "| fresh requests p99 (ms) | $(median ${p99[fake]}) | $(median ${p99[nginx]}) |"
  say "| failed fresh requests (of 200) | $(median ${fail[fake]}) | $(median ${fail[nginx]}) |"
  say "| failures by run: reset / no answer / timeout | ${kinds[fake]} | ${kinds[nginx]} |"
  say "| resident bytes per held connection | $(median ${mem[fake]}) | $(median ${mem[nginx]}) |"
  say ""

  # The issue's small case: as many idle connections as the fake has threads (8), and one fewer.
  local idle small_args
  say "### 7 and 8 idle connections (the fake's default --threads=8), 20 fresh requests"
  say ""
  say '```'
  say "fake_hold_connections --url=\$BASE --idle=N --requests=20 --concurrency=4 --deadline-ms=2000"
  say '```'
  say ""
  say "| idle held | fresh p50 (ms) | fresh p99 (ms) | failed (of 20) | timeouts |"
  say "|---|---|---|---|---|"
  for idle in 7 8; do
    local s50="" s99="" sfail="" stime=""
    for run in $(seq "$runs"); do
      start_fake
      line=$("$hold_bin" --url="$fake_url" --idle="$idle" --requests=20 --concurrency=4 --deadline-ms=2000)
      echo "small idle=$idle run $run: $line" >&2
      s50+=" $(field "$line" p50_ms)"; s99+=" $(field "$line" p99_ms)"
      sfail+=" $(field "$line" failures)"; stime+=" $(field "$line" timeouts)"
      stop_pid "$fake_pid"
    done
    say "| $idle | $(median $s50) | $(median $s99) | $(median $sfail) | $(median $stime) |"
  done
  say ""
}

# --- token endpoint ----------------------------------------------------------------------------
# A refresh token from the fake itself: authorization (auto-approved), then the code exchange.
fetch_refresh_token() {
  local query location code answer
  query="client_id=$client_id&redirect_uri=$(urlencode "$redirect_uri")&response_type=code"
  query+="&scope=$(urlencode https://www.googleapis.com/auth/drive.metadata.readonly)&state=load"
  query+="&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"
  query+="&access_type=offline&prompt=consent"
  location=$(curl -s -o /dev/null -w '%{redirect_url}' "$fake_url/o/oauth2/v2/auth?$query")
  code=$(python3 -c 'import sys, urllib.parse as u; print(u.parse_qs(u.urlsplit(sys.argv[1]).query)["code"][0])' "$location")
  # RFC 7636 Appendix B's verifier, whose S256 challenge is the one above.
  answer=$(curl -s "$fake_url/token" --data-urlencode grant_type=authorization_code \
    --data-urlencode "code=$code" --data-urlencode "redirect_uri=$redirect_uri" \
    --data-urlencode "client_id=$client_id" --data-urlencode "client_secret=$client_secret" \
    --data-urlencode code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk)
  python3 -c 'import json, sys; print(json.loads(sys.argv[1])["refresh_token"])' "$answer"
}

# wrk_figures OUTPUT: "req_per_s p99_ms errors"
wrk_figures() {
  local rps p99 errors
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$1")
  p99=$(awk '$1 == "99%" {v = $2; if (v ~ /us$/) printf "%.3f", v / 1000; else if (v ~ /ms$/) printf "%.3f", v + 0; else if (v ~ /s$/) printf "%.3f", v * 1000}' <<<"$1")
  errors=$(awk '/Socket errors:/ {gsub(/,/, ""); s += $4 + $6 + $8 + $10} /Non-2xx or 3xx responses:/ {s += $5} END {print s + 0}' <<<"$1")
  echo "${rps:--} ${p99:--} $errors"
}

token_section() {
  start_fake --auto-approve
  local refresh lua run side conns output figures url
  refresh=$(fetch_refresh_token)
  lua=$tmp/refresh.lua
  cat >"$lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "grant_type=refresh_token&refresh_token=$(urlencode "$refresh")&client_id=$(urlencode "$client_id")&client_secret=$(urlencode "$client_secret")"
EOF
  # The fake's answer must be a 200 with a token before it is measured.
  curl -sf -o /dev/null -X POST -H 'Content-Type: application/x-www-form-urlencoded' \
    --data "$(sed -n 's/^wrk.body = "\(.*\)"$/\1/p' "$lua")" "$fake_url/token"
  start_nginx
  say "### Token endpoint, refresh grant"
  say ""
  say "Target: fake ≥ 0.5× nginx at 64 connections, p99 ≤ 5 ms, 0 errors."
  say ""
  say '```'
  say "wrk -t2 -c64 -d10s --latency -s refresh.lua \$BASE/token      # and -c1000"
  say '```'
  say ""
  say "\`refresh.lua\` POSTs \`grant_type=refresh_token&refresh_token=…&client_id=…&client_secret=…\`"
  say "(the refresh token from an auto-approved flow on the fake). nginx answers every request to"
  say "\`/token\` with a static 284-byte token JSON (\`return 200\`, 1 worker, keepalive_requests"
  say "1000000). Errors: wrk's socket errors plus non-2xx answers. Medians of $runs runs, sides alternating."
  say ""
  say "| connections | fake req/s | nginx req/s | ratio | fake p99 (ms) | nginx p99 (ms) | fake errors | nginx errors |"
  say "|---|---|---|---|---|---|---|---|"
  for conns in 64 1000; do
    declare -A rps=() p99=() errs=()
    for run in $(seq "$runs"); do
      for side in $(sides "$run"); do
        if [[ $side == fake ]]; then url=$fake_url; else url=$nginx_url; fi
        output=$(wrk -t2 -c"$conns" -d10s --latency -s "$lua" "$url/token" 2>&1)
        read -r -a figures <<<"$(wrk_figures "$output")"
        echo "wrk -c$conns run $run $side: ${figures[*]}" >&2
        rps[$side]+=" ${figures[0]}"; p99[$side]+=" ${figures[1]}"; errs[$side]+=" ${figures[2]}"
      done
    done
    local fr nr ratio
    fr=$(median ${rps[fake]}); nr=$(median ${rps[nginx]})
    ratio=$(awk -v f="$fr" -v n="$nr" 'BEGIN {if (n + 0 > 0) printf "%.2f×", f / n; else print "-"}')
    say "| $conns | $fr | $nr | $ratio | $(median ${p99[fake]}) | $(median ${p99[nginx]}) | $(median ${errs[fake]}) | $(median ${errs[nginx]}) |"
  done
  say ""
  stop_pid "$nginx_pid"
  stop_pid "$fake_pid"
}

# --- soak ----------------------------------------------------------------------------------------
soak_section() {
  local line soak_args=(--loops=64 --seconds=60 --warmup-seconds=10 --users=64)
  # One user per loop (fake_soak --users): the 100-refresh-token limit per client and user.
  python3 -c 'import json; print(json.dumps({"users": [{"email": "soak%d@example.com" % i, "name": "Soak %d" % i} for i in range(64)]}))' >"$tmp/soak-users.json"
  start_fake --auto-approve --config="$tmp/soak-users.json"
  line=$("$soak_bin" --url="$fake_url" --pid="$fake_pid" "${soak_args[@]}" 2>"$tmp/soak.err" || true)
  echo "soak: $line" >&2
  stop_pid "$fake_pid"
  say "### Soak: whole flows, 64 concurrent loops"
  say ""
  say "Target: 0 errors, 0 lost or duplicated codes or tokens, RSS growth < 5% after warm-up."
  say ""
  say '```'
  say "gauthflow-mockserver --port=0 --auto-approve"
  say "fake_soak --url=\$BASE --pid=\$SERVER_PID ${soak_args[*]}"
  say '```'
  say ""
  say "Each loop, on one keep-alive connection: authorization GET (PKCE S256, state,"
  say "access_type=offline, prompt=consent; code from the Location header), code exchange, refresh"
  say "grant, Drive files.list (orderBy=modifiedByMeTime desc, pageSize=5) with the refreshed token."
  say "One run (70 s); the counts cover warm-up and measured period, the flows the measured 60 s."
  say ""
  say "| loops | flows (60 s) | flows/s | errors | lost | duplicated | RSS after warm-up (KB) | RSS at end (KB) | RSS growth |"
  say "|---|---|---|---|---|---|---|---|---|"
  say "| $(field "$line" loops) | $(field "$line" flows) | $(field "$line" flows_per_s) | $(field "$line" errors) | $(field "$line" lost) | $(field "$line" duplicates) | $(field "$line" rss_warm_kb) | $(field "$line" rss_end_kb) | $(field "$line" rss_growth_pct)% |"
  say ""
  if [[ -s $tmp/soak.err ]]; then
    say "Errors by kind (period: count × step: what):"
    say ""
    say '```'
    head -n 24 "$tmp/soak.err" | cut -c1-200 >>"$report"
    say '```'
    say ""
  fi
}

drive_section() {
  local script=$root/benchmarks/fake_load/drive.sh
  if [[ -f $script ]]; then
    bash "$script" "$fake_bin" >>"$report"
    say ""
  else
    say "### Drive"
    say ""
    say "(benchmarks/fake_load/drive.sh is not there yet: no Drive figures in this run.)"
    say ""
  fi
}

# --- the run ---------------------------------------------------------------------------------------
say "## $label"
say ""
say "- machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/^Mem:/ {print $2}') GB, Linux $(uname -r)"
say "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); gauthflow $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown) ($build_type build)"
say "- peers: $("$nginx_bin" -v 2>&1 | sed 's/^nginx version: //'), $(wrk -v 2>&1 | head -n 1 | awk '{print "wrk " $2}'); load generators on the same machine"
say "- load average when it started: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine shares its cores)"
say "- command: \`benchmarks/fake_load.sh $build_dir\` (FAKE_LOAD_RUNS=$runs)"
say ""
for section in $sections; do "${section}_section"; done

# Keep the baseline section of an earlier run; this run replaces everything else.
{
  echo "# The fake Google under load (issue 8)"
  echo ""
  echo "Written by \`benchmarks/fake_load.sh\`; the \"Before\" section is the baseline on main before the"
  echo "event-loop server, kept by later runs."
  echo ""
  if [[ $label != Before* && -f $out ]]; then
    awk '/^## Before / {keep = 1; print; next} /^## / {keep = 0} keep' "$out"
  fi
  cat "$report"
} >"$tmp/out.md"
mkdir -p "$(dirname "$out")"
mv "$tmp/out.md" "$out"
echo "wrote $out" >&2
