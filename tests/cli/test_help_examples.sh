#!/usr/bin/env bash
# Every example of every 'normsim help COMMAND' runs and exits 0: the Examples section of
# each help text (lines ending in a backslash joined to the next) is run by bash, in the
# help's order, in a fresh folder per command whose entries link to the repository's
# top-level folders, so that paths name the files the repository ships (examples/...)
# and whatever an example writes lands in the temporary folder. The server's examples
# (normsim serve) run until stopped: each is stopped with SIGTERM after a few seconds,
# which it answers with exit 0.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
NORMSIM=${NORMSIM:?set NORMSIM to the normsim binary}
# The examples check the help texts, not memory: under the sanitizers they would take
# most of CI's time (the run and sweep examples), so that build skips them.
[ "${NS_SANITIZE:-0}" = 1 ] && { echo "skip: sanitizer build"; exit 77; }
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
        # Not what a run left in the checkout (build folders, outputs): only the sources.
        case $(basename "$entry") in build* | normsim-out* | *.sqlite) continue ;; esac
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
        if [ "$cmd" = serve ] && [[ "$example" == "normsim serve"* ]]; then
            (cd "$dir" && timeout --preserve-status -s TERM 4 bash -c "$example") \
                >"$TMP/out" 2>"$TMP/err" </dev/null
        else
            (cd "$dir" && bash -c "$example") >"$TMP/out" 2>"$TMP/err" </dev/null
        fi
        rc=$?
        if [ "$cmd" = serve ] && [ "$rc" -eq 1 ] && grep -q "(taken?)" "$TMP/err"; then
            # Another program holds the example's port on this machine: not the example's fault.
            echo "skip: $cmd: '$example': its port is taken here"
            continue
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
