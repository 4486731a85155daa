#!/usr/bin/env bash
# Installs what gauthflow needs from Debian's packages, idempotently: packages already present
# are skipped, and apt-get runs only when something is missing.
#   ci/install-deps.sh            build + test dependencies
#   ci/install-deps.sh PKG...     the same plus extra packages (e.g. ci/fuzz.sh's clang)
set -euo pipefail

packages=(
  ca-certificates git g++ make cmake pkg-config
  libpoco-dev libssl-dev libexpected-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

as_root=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  as_root=(sudo)
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
