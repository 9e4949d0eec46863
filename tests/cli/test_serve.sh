#!/usr/bin/env bash
# normsim serve: the JSON API over HTTP on 127.0.0.1 (curl). Each answer is byte for byte
# what the command prints with --format json; bad parameters give 400 with the command's
# one-line message; no request path reaches the filesystem; the security headers; a long
# request does not block a short one; the time limit; the explorer's options change GGE5.
# SPDX-License-Identifier: GPL-3.0-or-later
N=${NORMSIM:-normsim}
SRC=${NS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$SRC/tests/cli/lib.sh"
. "$SRC/tests/serve/lib_serve.sh"
command -v curl >/dev/null || { echo "skip: no curl"; exit 77; }
T=$(mktemp -d /tmp/ns-test-serve-XXXXXX)
cleanup() {
    [ -n "$SERVE_PID" ] && kill -9 "$SERVE_PID" 2>/dev/null
    [ -n "$SLOW_PID" ] && kill -9 "$SLOW_PID" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
cd "$T" || exit 1
fail=0
serve_built
serve_study
mkdir -p "$T/tmp"
export TMPDIR="$T/tmp"
serve_start main --no-warm --jobs 2 --study "$T/study.sqlite"
U=$SERVE_URL

# GET URL -> status in code.txt, body in body.txt, headers in head.txt
get() {
    curl -s -g -o body.txt -D head.txt -w '%{http_code}' "$@" >code.txt
}
same_as_cli() { # NAME URL-PATH -- normsim args...
    local name=$1 path=$2
    shift 3
    get "$U$path"
    "$N" "$@" >cli.txt 2>/dev/null
    check "$name: 200" "$([ "$(cat code.txt)" = 200 ]; echo $?)"
    check "$name: the same bytes as normsim $*" "$(cmp -s body.txt cli.txt; echo $?)"
}

# ---- One code path: the API prints what the command prints ---------------------------
same_as_cli "negotiate" "/api/negotiate?body=GGE5&runs=20" -- \
    negotiate --body GGE5 --runs 20 --format json
same_as_cli "negotiate with params" \
    "/api/negotiate?body=GGE5&runs=10&param=forum_shopping=0.5&param=will_scale=4" -- \
    negotiate --body GGE5 --runs 10 --param forum_shopping=0.5 --param will_scale=4 --format json
same_as_cli "data bodies" "/api/data?table=bodies" -- data bodies --format json
same_as_cli "vote" "/api/vote?resolution=A/RES/73/27" -- vote --resolution A/RES/73/27 --format json
same_as_cli "diffuse" "/api/diffuse?norm=2015a&runs=50" -- diffuse --norm 2015a --runs 50 --format json
same_as_cli "params" "/api/params?owner=process" -- params process --format json
same_as_cli "export (CSV)" "/api/export?study=0&table=summary" -- export "$T/study.sqlite" summary
grep -qi '^Content-Type: text/csv' head.txt; check "export: text/csv" $?
get "$U/api/studies"
grep -q '"name": "study.sqlite"' body.txt; check "studies: the file's name only" $?
grep -q "$T" body.txt; check "studies: no folder in the answer" "$((1 - $?))"

# ---- Bad parameters: 400 with the command's own one-line message ----------------------
get "$U/api/negotiate?body=NOPE"
"$N" negotiate --body NOPE --format json 2>cli.txt >/dev/null
check "unknown body: 400" "$([ "$(cat code.txt)" = 400 ]; echo $?)"
check "unknown body: the CLI's message" "$(cmp -s body.txt cli.txt; echo $?)"
bad() { # NAME EXPECTED-CODE PATTERN URL-PATH
    get "$U$4"
    local ok=0
    [ "$(cat code.txt)" = "$2" ] || ok=1
    [ -z "$3" ] || grep -q -- "$3" body.txt || ok=1
    check "$1: $2" "$ok"
    [ "$ok" = 0 ] || { echo "  got $(cat code.txt): $(head -c 300 body.txt)"; }
}
bad "unknown option" 400 "unknown option 'foo'" "/api/negotiate?body=GGE5&foo=1"
bad "format is the server's" 400 "unknown option 'format'" "/api/negotiate?body=GGE5&format=table"
bad "runs out of range" 400 "runs must be" "/api/negotiate?body=GGE5&runs=0"
bad "an option as a value" 400 "value not allowed" "/api/negotiate?body=--help"
bad "a path as a value" 400 "value not allowed" "/api/negotiate?body=../../etc/passwd"
bad "param without =" 400 "KEY=VALUE" "/api/negotiate?body=GGE5&param=will_scale"
bad "unknown parameter (child's message)" 400 "unknown parameter" \
    "/api/negotiate?body=GGE5&param=will_scal=3"
bad "study index out of range" 400 "index of a study" "/api/export?study=1&table=summary"
bad "study as a path" 400 "index of a study" "/api/export?study=/etc/passwd&table=summary"
bad "unknown command" 404 "no API command" "/api/sweep?runs=1"
bad "a command that writes files" 404 "" "/api/report"
bad "will of a state" 400 "will.ISO3" "/api/negotiate?body=GGE5&will.usa=1"
bad "will of an unknown camp" 400 "camp" "/api/negotiate?body=GGE5&camp_will.XYZ=1"
bad "membership" 400 "membership" "/api/negotiate?body=GGE5&membership=lottery"
bad "too many parameters" 400 "too many" \
    "/api/negotiate?body=GGE5$(for i in $(seq 1 60); do printf '&param=a%d=1' "$i"; done)"

# ---- No request path reaches the filesystem ----------------------------------------------
for p in /etc/passwd /../etc/passwd /%2e%2e/%2e%2e/etc/passwd /web/index.html \
    "/$(basename "$T")/study.sqlite" "$T/study.sqlite" /vendor/../index.html /CMakeLists.txt; do
    get --path-as-is "$U$p"
    check "GET $p: 404" "$([ "$(cat code.txt)" = 404 ]; echo $?)"
done
get -X POST -d 'x=1' "$U/api/negotiate?body=GGE5"
check "POST: refused" "$(case $(cat code.txt) in 405 | 413) echo 0 ;; *) echo 1 ;; esac)"
get -H 'Host: attacker.example' "$U/"
check "another Host (DNS rebinding): 421" "$([ "$(cat code.txt)" = 421 ]; echo $?)"

# ---- Pages and headers -----------------------------------------------------------------
get "$U/"
check "/: 200" "$([ "$(cat code.txt)" = 200 ]; echo $?)"
grep -q '<title>normsim: Timeline</title>' body.txt; check "/: the timeline" $?
grep -qi "^Content-Security-Policy: default-src 'none'; script-src 'self';" head.txt
check "CSP: scripts from the server only, no eval" $?
grep -qi "unsafe" head.txt; check "CSP: nothing unsafe" "$((1 - $?))"
grep -qi '^X-Content-Type-Options: nosniff' head.txt; check "nosniff" $?
for page in index explorer votes studies diffusion; do
    get "$U/$page.html"
    ok=$([ "$(cat code.txt)" = 200 ]; echo $?)
    # No inline script, no script or style from elsewhere.
    grep -qE '<script>|<script [^>]*src="(https?:)?//|<style|onload=|onclick=' body.txt && ok=1
    check "$page.html: served, no inline or outside script" "$ok"
done
for f in vega.min.js vega-lite.min.js vega-embed.min.js vega-interpreter.js LICENSES.txt; do
    get "$U/vendor/$f"
    check "vendor/$f" "$([ "$(cat code.txt)" = 200 ] && [ -s body.txt ]; echo $?)"
done
grep -q "vega-lite" body.txt && grep -q "BSD" body.txt; check "vendor/LICENSES.txt: the licences" $?

# ---- The body explorer changes GGE5 --------------------------------------------------------
adopted() { python3 -c "import json,sys; print(json.load(open('body.txt'))[0]['adopted'])"; }
get "$U/api/negotiate?body=GGE5&runs=10&param=forum_shopping=0.5&param=will_scale=4"
check "GGE5 at b 0.5, will 4: no consensus" "$([ "$(adopted)" = no ]; echo $?)"
grep -q 'USA:[0-9.]*:20.2' body.txt; check "objections: USA's objection and will needed" $?
get "$U/api/negotiate?body=GGE5&runs=10&param=forum_shopping=0.5&param=will_scale=4&will.USA=3&will.CHN=3"
check "more will for USA and CHN: adopted" "$([ "$(adopted)" = yes ]; echo $?)"
get "$U/api/negotiate?body=GGE5&runs=10&membership=rotation&seats=15&stakeholders=1&camp_will.NATO=1"
members=$(python3 -c "import json; print(json.load(open('body.txt'))[0]['members'])" 2>/dev/null)
check "15 seats by rotation: 15 members" "$([ "$members" = 15 ]; echo $?)"
ls "$T/tmp" | grep -q . ; check "private folders removed after the request" "$((1 - $?))"

# ---- Re-negotiation time for a 25-member body (not cached: b changes each time) ----------
times=()
for b in 0.30 0.31 0.32 0.33 0.34 0.35 0.36; do
    t=$(curl -s -o /dev/null -w '%{time_total}' "$U/api/negotiate?body=GGE5&runs=20&param=forum_shopping=$b")
    times+=("$t")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 4p)
echo "re-negotiation of GGE5 (25 members, 20 replicates): ${times[*]} s; median $median s"
check "re-negotiation median under 1 s (300 ms on an idle machine)" \
    "$(awk -v m="$median" 'BEGIN { exit !(m < 1.0) }'; echo $?)"

# ---- A long request does not block a short one ------------------------------------------------
curl -s -o slow.txt "$U/api/negotiate?body=OEWG1&runs=100" &
SLOW_PID=$!
sleep 0.3
t=$(curl -s -o /dev/null -w '%{time_total}' "$U/api/data?table=states")
echo "a short request beside a long negotiation: $t s"
check "short request beside a long one: under 2 s" "$(awk -v t="$t" 'BEGIN { exit !(t < 2) }'; echo $?)"
kill "$SLOW_PID" 2>/dev/null
wait "$SLOW_PID" 2>/dev/null
SLOW_PID=

serve_stop
check "SIGTERM: exit 0" $?
SERVE_PID=

# ---- The time limit kills the child ----------------------------------------------------------
serve_start limit --no-warm --timeout 1
get "$SERVE_URL/api/negotiate?body=OEWG1&runs=400"
check "over the time limit: 504" "$([ "$(cat code.txt)" = 504 ]; echo $?)"
sleep 0.2
pgrep -f -P "$SERVE_PID" >/dev/null; check "no child left after the time limit" "$((1 - $?))"
serve_stop
SERVE_PID=

# ---- Usage -------------------------------------------------------------------------------------
expect_exit 2 "--port out of range" "port" -- "$N" serve --port 70000
expect_exit 2 "unreadable study" "cannot read study" -- "$N" serve --study "$T/none.sqlite"
expect_exit 2 "--listen not an address" "IPv4" -- "$N" serve --listen nowhere
serve_start listen --no-warm --listen 127.0.0.2
grep -q "warning" "$T/listen.err"; check "--listen: no warning for a loopback address" "$((1 - $?))"
get "$SERVE_URL/"
check "--listen 127.0.0.2: its own Host is accepted" "$([ "$(cat code.txt)" = 200 ]; echo $?)"
serve_stop
SERVE_PID=
exit $fail
