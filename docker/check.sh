#!/usr/bin/env bash
# Builds docker/Dockerfile with podman and checks the image, the way shared/design/CONTAINERS.md
# describes for machines without a Docker engine: a debian:bookworm base made by debootstrap,
# `podman build --isolation=chroot`, and, since `podman run` does not work there, the image
# mounted and its programs run with chroot, on loopback only. Takes minutes; not part of ci/test.sh.
#   docker/check.sh
# Environment: GAUTHFLOW_JOBS (compile jobs inside the build, default 2),
#              GAUTHFLOW_IMAGE (default localhost/gauthflow-mockserver).
# Exits non-zero on the first failure.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
image=${GAUTHFLOW_IMAGE:-localhost/gauthflow-mockserver}
base=localhost/debian:bookworm
jobs=${GAUTHFLOW_JOBS:-2}

step() { echo "check: $*"; }
fail() { echo "check: FAIL: $*" >&2; exit 1; }

# curl and jq are for the HTTP checks below.
"$root/ci/install-deps.sh" podman debootstrap curl jq

# The Debian mirror this machine's apt already uses (CONTAINERS.md step 2): the first `URIs:` of
# /etc/apt/sources.list.d/*.sources (deb822), else the first `deb` line of /etc/apt/sources.list.
apt_mirror() {
  local file uri
  for file in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$file" ]] || continue
    uri=$(awk 'tolower($1) == "uris:" { print $2; exit }' "$file")
    [[ -n "$uri" ]] && { echo "$uri"; return 0; }
  done
  if [[ -f /etc/apt/sources.list ]]; then
    # deb [options] URI suite components: the URI is the first field after the options.
    uri=$(sed -n 's/^[[:space:]]*deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]\+\).*/\2/p' \
      /etc/apt/sources.list | head -1)
    [[ -n "$uri" ]] && { echo "$uri"; return 0; }
  fi
  return 1
}

# --- the base image, from Debian's archive (no registry), made once ---
if podman image exists "$base"; then
  step "base $base present"
else
  mirror=$(apt_mirror) || fail "no Debian mirror in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list"
  step "making $base with debootstrap from $mirror (about a minute)"
  rootfs=$(mktemp -d)
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >/dev/null
  # Like Docker Hub's debian:bookworm: no package lists or caches (a Dockerfile runs
  # apt-get update first), so that the image size measured here is the one Docker builds.
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb
  tar -C "$rootfs" -c . | podman import - "$base" >/dev/null
  rm -rf "$rootfs"
fi

# --- the build ---
# --format docker: Docker's image format, which keeps HEALTHCHECK (OCI's has no field for it).
# The build stage is tagged too ($image-build, the cache of the next run); the images these tags
# named before are removed when they changed, so that runs do not pile up ~1 GB build stages.
old_ids=()
for tag in "$image-build" "$image"; do
  old_ids+=("$(podman image inspect --format '{{.Id}}' "$tag" 2>/dev/null || true)")
done
build() {
  podman build --isolation=chroot --format docker --pull=never \
    --build-arg BASE_IMAGE="$base" --build-arg JOBS="$jobs" -f "$root/docker/Dockerfile" "$@" "$root"
}
step "building $image (podman build --isolation=chroot, -j$jobs)"
build --target build -t "$image-build"
build -t "$image"
new_ids=" $(podman image inspect --format '{{.Id}}' "$image-build" "$image" | tr '\n' ' ') "
for old in "${old_ids[@]}"; do
  # rmi by ID refuses an image that another tag, image or container still uses: only ours go.
  [[ -z "$old" || "$new_ids" == *" $old "* ]] || podman rmi "$old" >/dev/null 2>&1 || true
done

# --- the image's configuration ---
inspect() { podman image inspect --format "$1" "$image"; }
user=$(inspect '{{.Config.User}}')
entrypoint=$(inspect '{{json .Config.Entrypoint}}')
ports=$(inspect '{{json .Config.ExposedPorts}}')
health=$(inspect '{{json .HealthCheck}}')
step "config: User=$user Entrypoint=$entrypoint ExposedPorts=$ports"
step "config: HealthCheck=$health"
[[ "$user" =~ ^([0-9]+)(:([0-9]+))?$ ]] || fail "User '$user' is not a numeric uid[:gid]"
uid=${BASH_REMATCH[1]}
gid=${BASH_REMATCH[3]:-$uid}
((uid != 0)) || fail "the image runs as root"
mapfile -t entry < <(jq -r '.[]' <<<"$entrypoint")
[[ "${entry[*]}" == *"exec /usr/local/bin/gauthflow-mockserver --host 0.0.0.0 --port 8080 "* ]] ||
  fail "the Entrypoint does not start gauthflow-mockserver --host 0.0.0.0 --port 8080: $entrypoint"
[[ "$ports" == *'"8080/tcp"'* ]] || fail "8080/tcp is not exposed"
health_cmd=$(podman image inspect --format '{{json .HealthCheck.Test}}' "$image" |
  jq -r 'if .[0] == "CMD" then .[1:] | @sh else error("not an exec-form CMD") end')
[[ -n "$health_cmd" ]] || fail "no HEALTHCHECK"

# --- run the programs inside the mounted image ---
mnt=""
pid=""
work=$(mktemp -d)
cleanup() {
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  [[ -z "$mnt" ]] || podman image unmount "$image" >/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mnt=$(podman image mount "$image")
step "mounted at $mnt"

grep -q "^[^:]*:[^:]*:$uid:$gid:" "$mnt/etc/passwd" || fail "uid $uid:$gid is not in the image's /etc/passwd"
home=$(awk -F: -v u="$uid" '$3 == u { print $6 }' "$mnt/etc/passwd")
[[ -d "$mnt$home" ]] || fail "home $home of uid $uid does not exist in the image"
home_owner=$(stat -c %u "$mnt$home")
[[ "$home_owner" == "$uid" ]] || fail "home $home is owned by uid $home_owner, not $uid"

# As a container would run them: the image's user and a container's environment. A command
# prefix, not a function, so that `"${in_image[@]}" PROGRAM &` gives PROGRAM's own PID (chroot
# and env exec, a function would run in a subshell).
in_image=(chroot --userspec="$uid:$gid" --groups="$gid" "$mnt" /usr/bin/env -i
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME="$home")

"${in_image[@]}" /usr/local/bin/gauthflow --help >"$work/cli-help" 2>&1 || {
  cat "$work/cli-help" >&2
  fail "gauthflow --help failed inside the image"
}
step "gauthflow --help runs as uid $uid ($(head -1 "$work/cli-help"))"

# A second --port is refused before anything listens (docker/README.md says so).
if "${in_image[@]}" "${entry[@]}" --port 9 >"$work/dup" 2>&1; then fail "a second --port was accepted"; fi
grep -q "more than once: port" "$work/dup" || fail "a second --port: $(cat "$work/dup")"
step "the Entrypoint refuses a second --port ($(head -1 "$work/dup"))"

# The server through the image's Entrypoint, with flags from the environment and from
# arguments as `docker run` would pass them, but on loopback and a free port: never 0.0.0.0 on
# this machine (the Entrypoint's --host 0.0.0.0 --port 8080 is checked above as configuration).
"${in_image[@]}" GAUTHFLOW_MOCKSERVER_ARGS="--auto-approve --threads 4" \
  "${entry[@]//--host 0.0.0.0 --port 8080/--host 127.0.0.1 --port 0}" --generate-files 3 \
  >"$work/out" 2>"$work/err" &
pid=$!
base_url=""
for _ in $(seq 1 100); do
  base_url=$(head -1 "$work/out" 2>/dev/null || true)
  [[ -z "$base_url" ]] || break
  kill -0 "$pid" 2>/dev/null || { cat "$work/err" >&2; fail "the server exited before printing its URL"; }
  sleep 0.1
done
[[ "$base_url" =~ ^http://127\.0\.0\.1:[0-9]+$ ]] || { cat "$work/err" >&2; fail "first stdout line: '$base_url'"; }
step "server (pid $pid) says $base_url"
for _ in $(seq 1 50); do grep -q "^Ctrl-C to stop" "$work/out" && break; sleep 0.1; done
grep -qx "auto-approve: first user" "$work/out" || fail "\$GAUTHFLOW_MOCKSERVER_ARGS was not applied: $(cat "$work/out")"
grep -qx "generated Drive files: 3" "$work/out" || fail "docker run's arguments were not applied: $(cat "$work/out")"
step "flags from \$GAUTHFLOW_MOCKSERVER_ARGS and from the arguments are applied"
port=${base_url##*:}

server_uid=$(awk '/^Uid:/ { print $2 }' "/proc/$pid/status")
[[ "$server_uid" == "$uid" ]] || fail "the server runs as uid $server_uid, not $uid"
step "the server process runs as uid $server_uid"

status=$(curl -sS -o "$work/discovery" -w '%{http_code}' "$base_url/.well-known/openid-configuration")
[[ "$status" == 200 ]] || fail "openid-configuration: HTTP $status"
jq -e --arg b "$base_url" '.issuer == $b and .token_endpoint == ($b + "/token")
  and .jwks_uri == ($b + "/oauth2/v3/certs")' "$work/discovery" >/dev/null ||
  fail "openid-configuration: unexpected body $(cat "$work/discovery")"
step "GET /.well-known/openid-configuration -> 200, issuer $base_url"

status=$(curl -sS -o "$work/drive" -D "$work/drive-headers" -w '%{http_code}' "$base_url/drive/v3/files")
[[ "$status" == 401 ]] || fail "drive/v3/files without a token: HTTP $status"
# Google's API error shape: {"error": {"code", "message", "errors": [{reason, ...}], "status"}}.
jq -e '.error.code == 401 and .error.message == "Login Required."
  and .error.status == "UNAUTHENTICATED" and .error.errors[0].reason == "required"
  and .error.errors[0].domain == "global"' "$work/drive" >/dev/null ||
  fail "drive/v3/files: not Google's 401 shape: $(cat "$work/drive")"
step "GET /drive/v3/files without a token -> 401 $(jq -c '.error | {code, message, status, reason: .errors[0].reason}' "$work/drive")"

# The image's HEALTHCHECK command, run inside the image against the server's port instead of
# 8080: it must pass while the server listens and fail on a port where nothing listens.
eval "health=($health_cmd)"
[[ "${health[*]}" == *"/127.0.0.1/8080"* ]] || fail "HEALTHCHECK does not probe 127.0.0.1:8080: ${health[*]}"
"${in_image[@]}" "${health[@]//\/8080//$port}" || fail "HEALTHCHECK fails against the running server"
if "${in_image[@]}" "${health[@]//\/8080//1}" 2>/dev/null; then fail "HEALTHCHECK passes with nothing listening"; fi
step "HEALTHCHECK (${health[*]}) passes against the server, fails on a closed port"

kill -TERM "$pid"
wait "$pid" && rc=0 || rc=$?
pid=""
[[ "$rc" == 0 ]] || fail "the server exited with $rc on SIGTERM"
step "the server stopped on SIGTERM (exit 0)"

size=$(podman image inspect --format '{{.Size}}' "$image")
step "image $image: $((size / 1000000)) MB ($size bytes)"
step "all checks passed"
