#!/usr/bin/env bash
# normsim serve under load: 2,000 requests, 50 at once (pages, vendored scripts, API
# answers, refused requests), with no error and no growth of the server's memory (RSS
# after a first 300 requests against RSS after all of them).
# SPDX-License-Identifier: GPL-3.0-or-later
N=${NORMSIM:-normsim}
SRC=${NS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$SRC/tests/cli/lib.sh"
. "$SRC/tests/serve/lib_serve.sh"
command -v node >/dev/null || { echo "skip: no node"; exit 77; }
T=$(mktemp -d /tmp/ns-test-serve-load-XXXXXX)
cleanup() {
    [ -n "$SERVE_PID" ] && kill -9 "$SERVE_PID" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
cd "$T" || exit 1
fail=0
serve_built
serve_start load --no-warm --jobs 2
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$SERVE_PID/status"; }
threads() { awk '/^Threads/ { print $2 }' "/proc/$SERVE_PID/status"; }
node "$SRC/tests/serve/load.mjs" "$SERVE_URL" 300 50 >warm.txt
check "warm-up: 300 requests without error" $?
before=$(rss)
node "$SRC/tests/serve/load.mjs" "$SERVE_URL" 2000 50 >load.txt
check "2000 requests, 50 at once, without error" $?
cat load.txt
sleep 0.5
after=$(rss)
echo "server RSS: $before kB after the warm-up, $after kB after 2000 more requests;" \
     "threads now $(threads)"
if [ "${NS_SANITIZE:-0}" = 1 ]; then
    echo "skip: memory growth under AddressSanitizer (its quarantine keeps freed memory)"
else
    check "no memory growth (under 4 MB)" "$([ $((after - before)) -lt 4096 ]; echo $?)"
fi
serve_stop
check "server stopped cleanly" $?
SERVE_PID=
exit $fail
