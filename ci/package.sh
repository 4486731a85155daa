#!/usr/bin/env bash
# Builds the Debian packages gauthflow and libgauthflow-dev (cmake/Packaging.cmake) from a
# Release build in $GAUTHFLOW_PACKAGE_DIR (default build-package/), into its packages/.
#   ci/package.sh
#   sudo apt-get install ./build-package/packages/gauthflow_*.deb     then: gauthflow demo
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${GAUTHFLOW_PACKAGE_DIR:-$root/build-package}
jobs=${GAUTHFLOW_JOBS:-$(nproc)}

# Among them dpkg-dev and file: CPack's Debian generator computes Depends with dpkg-shlibdeps.
GAUTHFLOW_BUILD_DIR=$build_dir "$root/ci/install-deps.sh"
# /usr, as Debian packages install (Policy 9.1.2: never /usr/local).
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
  -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
cmake --build "$build_dir" -j "$jobs"
rm -f "$build_dir"/packages/*.deb
(cd "$build_dir" && cpack --config CPackConfig.cmake >/dev/null)
for deb in "$build_dir"/packages/*.deb; do
  echo "package: $deb ($(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Version); Depends: $(dpkg-deb -f "$deb" Depends))"
done
