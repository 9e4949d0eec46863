#!/usr/bin/env bash
# Every example of every 'normsim help COMMAND' runs and exits 0: the Examples section of
# each help text (lines ending in a backslash joined to the next) is run by bash, in the
# help's order, in a fresh folder per command whose entries link to the repository's
# top-level folders, so that paths name the files the repository ships (examples/...)
# and whatever an example writes lands in the temporary folder. normsim serve's examples
# count as run when the server still serves after 5 s.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
NORMSIM=${NORMSIM:?set NORMSIM to the normsim binary}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0
mkdir -p "$TMP/bin"
ln -s "$NORMSIM" "$TMP/bin/normsim"
export PATH="$TMP/bin:$PATH"

commands=$(normsim --help | awk '/^commands:/ { on = 1; next } on && NF == 0 { exit }
                                 on && $1 != "help" { print $1 }')
[ -n "$commands" ] || { echo "FAIL: no commands in 'normsim --help'"; exit 1; }
total=0
for cmd in $commands; do
    dir=$TMP/work/$cmd
    mkdir -p "$dir"
    for entry in "$ROOT"/*; do
        ln -s "$entry" "$dir/$(basename "$entry")"
    done
    normsim help "$cmd" | awk '
        /^[Ee]xamples:$/ { on = 1; next }
        on && /^[^ ]/ { exit }
        on && NF { sub(/^  /, ""); line = line $0
                   if (line ~ /\\$/) { sub(/\\$/, "", line); next }
                   print line; line = "" }
        END { if (line != "") print line }' >"$TMP/$cmd.examples"
    n=0
    while IFS= read -r example; do
        n=$((n + 1))
        total=$((total + 1))
        # A server serves until stopped: still serving after 5 s (timeout's 124) is a run.
        if [ "$cmd" = serve ] && [[ "$example" == "normsim serve"* ]]; then
            (cd "$dir" && timeout 5 bash -c "$example") >"$TMP/out" 2>"$TMP/err" </dev/null
            rc=$?
            [ "$rc" -eq 124 ] && rc=0
        else
            (cd "$dir" && bash -c "$example") >"$TMP/out" 2>"$TMP/err" </dev/null
            rc=$?
        fi
        if [ "$rc" -ne 0 ]; then
            echo "FAIL: $cmd: '$example' exited $rc"
            head -5 "$TMP/err"
            fail=1
        else
            echo "ok: $cmd: $example"
        fi
    done <"$TMP/$cmd.examples"
    [ "$n" -gt 0 ] || { echo "FAIL: 'normsim help $cmd' has no examples"; fail=1; }
done
echo "$total examples run"
exit $fail
