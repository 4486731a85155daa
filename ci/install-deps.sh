#!/usr/bin/env bash
# Installs what gauthflow needs, idempotently: packages already present are skipped, and
# apt-get / npm run only when something is missing.
#   ci/install-deps.sh                          the build and the C++ tests
#   ci/install-deps.sh --with-interop           also what tests/interop/ needs (ci/test.sh)
#   ci/install-deps.sh [--with-interop] PKG...  plus extra packages (e.g. ci/fuzz.sh's clang)
#
# Two groups, both from Debian's packages only:
#  - required: the build and the C++ tests; a failure here stops the script.
#  - interop (--with-interop): Google's Python client libraries, Chromium and Node.js for
#              tests/interop/ (ctest label `interop`). Best effort: a package that cannot be
#              installed is reported here and the tests that need it are SKIPPED with a message
#              saying so. Then playwright-core, pinned by tests/interop/package-lock.json, from
#              the npm registry into $GAUTHFLOW_BUILD_DIR/interop/node_modules (never a browser
#              download: the tests drive Debian's /usr/bin/chromium).
# apt-get's and npm's own output goes to $GAUTHFLOW_BUILD_DIR/install-deps.log and is printed
# only when a step fails: a run prints what it installs, a summary, and warnings.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${GAUTHFLOW_BUILD_DIR:-$root/build}
with_interop=false
if [[ "${1:-}" == "--with-interop" ]]; then
  with_interop=true
  shift
fi

required_packages=(
  ca-certificates git g++ make cmake pkg-config
  libpoco-dev libssl-dev libexpected-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  dpkg-dev file
  groff-base curl  # the tests format the man pages with groff, and grade a curl "app"
  "$@"
)
# tests/interop/README.md lists the versions verified from this list. python3-click: for
# google-auth-oauthlib's own google-oauthlib-tool, which writes a Python-side credentials file.
interop_packages=(
  openssl python3
  python3-google-auth python3-google-auth-oauthlib python3-google-auth-httplib2 python3-googleapi
  python3-click
  chromium nodejs npm
)

# Installed, or provided by an installed package (NodeSource's nodejs provides npm, and
# conflicts with Debian's npm package).
is_installed() {
  local status
  status=$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] && return 0
  dpkg-query -W -f='${Status}|${Provides}\n' 2>/dev/null |
    grep '^install ok installed|' | cut -d'|' -f2 | tr ',' '\n' |
    sed 's/^ *//; s/ .*//' | grep -qx -- "$1"
}

missing_of() {  # prints the missing packages among the arguments
  local p
  for p in "$@"; do is_installed "$p" || echo "$p"; done
}

mkdir -p "$build_dir"
log=$build_dir/install-deps.log
: >"$log"
started=$SECONDS
installed=0
not_installed=()
show_failures=true  # off while a failure is followed by a retry that reports for itself

# The log's length now, and what it gained since such a mark: a step's own output.
log_mark() { wc -l <"$log"; }
log_since() { tail -n +"$(($1 + 1))" "$log"; }

# Runs the command with its output appended to the log; on failure prints the log's new part.
quietly() {
  local mark status=0
  mark=$(log_mark)
  "$@" >>"$log" 2>&1 || status=$?
  if ((status != 0)) && $show_failures; then
    echo "install-deps: '$*' failed (exit $status); its output (all of it is in $log):" >&2
    log_since "$mark" | tail -n 60 >&2
  fi
  return $status
}

as_root=()
apt_updated=false
apt_install() {  # apt-get install the arguments; returns apt-get's status
  if [[ $(id -u) -ne 0 && ${#as_root[@]} -eq 0 ]]; then
    command -v sudo >/dev/null || { echo "install-deps: need root (or sudo) to install: $*" >&2; return 1; }
    as_root=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  if ! $apt_updated; then
    quietly "${as_root[@]}" apt-get update || return
    apt_updated=true
  fi
  quietly "${as_root[@]}" apt-get install -y --no-install-recommends "$@" || return
  installed=$((installed + $#))
}

summary() {  # one line: how many packages were checked and what this run installed
  local checked=$1
  local missing_note=""
  ((${#not_installed[@]} == 0)) || missing_note="; NOT installed: ${not_installed[*]}"
  if ((installed > 0)); then
    echo "install-deps: installed $installed Debian packages and their dependencies in $((SECONDS - started)) s ($checked checked$missing_note; apt's output in $log)"
  elif ((${#not_installed[@]} > 0)); then
    echo "install-deps: $checked Debian packages checked$missing_note (apt's output in $log)"
  else
    echo "install-deps: $checked Debian packages checked, all present"
  fi
}

mapfile -t missing < <(missing_of "${required_packages[@]}")
if ((${#missing[@]} > 0)); then
  echo "install-deps: installing ${#missing[@]} Debian packages (${missing[*]}) and what they need; apt's output goes to $log"
  apt_install "${missing[@]}"
fi

if ! $with_interop; then
  summary "${#required_packages[@]}"
  exit 0
fi

mapfile -t missing < <(missing_of "${interop_packages[@]}")
if ((${#missing[@]} > 0)); then
  echo "install-deps: installing ${#missing[@]} Debian packages for the interop tests (${missing[*]}); apt's output goes to $log"
  show_failures=false
  if ! apt_install "${missing[@]}"; then
    # One at a time, so that one unavailable package does not keep the others out; a package
    # that still fails is named with apt's reason (its E: lines), the rest is in the log.
    for p in "${missing[@]}"; do
      mark=$(log_mark)
      if ! apt_install "$p"; then
        not_installed+=("$p")
        echo "install-deps: WARNING: cannot install $p; the interop tests that need it will be skipped" >&2
        log_since "$mark" | grep '^E: ' | sed 's/^/install-deps:   apt: /' >&2 || true
      fi
    done
  fi
  show_failures=true
fi
summary "$(( ${#required_packages[@]} + ${#interop_packages[@]} ))"

# playwright-core for tests/interop/consent_browser_test.js, at the version package-lock.json pins.
interop_dir=$build_dir/interop
want=$(sed -n 's/.*"playwright-core": *"\([0-9.]*\)".*/\1/p' "$root/tests/interop/package.json" | head -1)
have=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' \
  "$interop_dir/node_modules/playwright-core/package.json" 2>/dev/null | head -1 || true)
if [[ -n "$want" && "$have" == "$want" ]]; then
  echo "install-deps: playwright-core $have present in $interop_dir"
elif ! command -v npm >/dev/null; then
  echo "install-deps: WARNING: no npm; playwright-core not installed, the browser tests will be skipped" >&2
else
  echo "install-deps: installing playwright-core $want into $interop_dir"
  mkdir -p "$interop_dir"
  cp "$root/tests/interop/package.json" "$root/tests/interop/package-lock.json" "$interop_dir/"
  if ! (cd "$interop_dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 quietly npm ci --no-audit --no-fund \
          --loglevel=error); then
    echo "install-deps: WARNING: npm ci failed; the playwright tests will be skipped" >&2
  fi
fi
