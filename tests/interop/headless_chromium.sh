#!/bin/sh
# $BROWSER for `gauthflow login` in the interop tests: Debian's Chromium, headless, with the flags
# it needs as root on these machines (no sandbox; no background networking, component updates or
# sync, which would try to reach Google) and a fresh profile. It loads the URL — the fake's
# authorization endpoint in --auto-approve mode redirects it on to gauthflow's loopback receiver
# — and exits once the page has loaded (--dump-dom), at most 60 s.
#
#   headless_chromium.sh URL
# INTEROP_CHROMIUM_DOM: where the final page's DOM goes; INTEROP_CHROMIUM_LOG: Chromium's stderr;
# INTEROP_CHROMIUM_DONE: a FIFO the exit status is written to, for the test to wait on.
set -u
url=${1:?usage: headless_chromium.sh URL}
# Let go of the output gauthflow handed down: whoever reads gauthflow's output through a pipe
# would otherwise wait for this browser to end.
exec </dev/null >/dev/null 2>&1
profile=$(mktemp -d "${TMPDIR:-/tmp}/gauthflow-chromium-XXXXXX")
timeout 60 /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --disable-default-apps --disable-extensions --no-default-browser-check --metrics-recording-only \
  --user-data-dir="$profile" --dump-dom "$url" \
  >"${INTEROP_CHROMIUM_DOM:-/dev/null}" 2>"${INTEROP_CHROMIUM_LOG:-/dev/null}"
status=$?
rm -rf "$profile"
if [ -n "${INTEROP_CHROMIUM_DONE:-}" ]; then
  timeout 10 sh -c 'echo "$1" > "$2"' sh "$status" "$INTEROP_CHROMIUM_DONE"
fi
exit "$status"
