#!/usr/bin/env bash
# normsim serve in headless Chromium (Debian's chromium driven by playwright-core, which
# `npm ci` put in the build folder at build time; no browser is downloaded): every page
# loads with no console error and no request leaves 127.0.0.1, the explorer's sliders
# change GGE5's blockers, a screenshot of each page into BUILD/serve-screenshots/.
# SPDX-License-Identifier: GPL-3.0-or-later
N=${NORMSIM:-normsim}
SRC=${NS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${NS_BUILD_DIR:-$SRC/build}
. "$SRC/tests/cli/lib.sh"
. "$SRC/tests/serve/lib_serve.sh"
# The pages are the same in the sanitizer build; its slower replay is not worth the wait.
[ "${NS_SANITIZE:-0}" = 1 ] && { echo "skip: the page tests run in the normal build"; exit 77; }
CHROMIUM=${NS_CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || { echo "skip: no Chromium at $CHROMIUM (scripts/deps.sh --test)"; exit 77; }
command -v node >/dev/null || { echo "skip: no node"; exit 77; }
[ -d "$BUILD/web-npm/node_modules/playwright-core" ] ||
    { echo "skip: no playwright-core in $BUILD/web-npm (built without the server?)"; exit 77; }
T=$(mktemp -d /tmp/ns-test-serve-browser-XXXXXX)
cleanup() {
    [ -n "$SERVE_PID" ] && kill -9 "$SERVE_PID" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
cd "$T" || exit 1
fail=0
serve_built
serve_study
serve_start pages --no-warm --study "$T/study.sqlite"
# The timeline's replay (normsim run, the slow part) starts now; the page, tested last,
# gets its answer from the cache or waits for this identical request.
curl -s -o /dev/null "$SERVE_URL/api/run?runs=2" &
SHOTS="$BUILD/serve-screenshots"
mkdir -p "$SHOTS"
HOME="$T" NS_WEB_NPM="$BUILD/web-npm" NS_CHROMIUM="$CHROMIUM" \
    timeout 240 node "$SRC/tests/serve/pages.mjs" "$SERVE_URL" "$SHOTS"
check "pages in Chromium" $?
for page in timeline explorer votes diffusion studies; do
    [ -s "$SHOTS/serve-$page.png" ]
    check "screenshot of $page" $?
done
serve_stop
check "server stopped cleanly" $?
SERVE_PID=
exit $fail
