#!/usr/bin/env bash
# normsim data members, negotiate and vote under valgrind: no leak, no invalid access, and
# the exit code each command should have: a crash (a signal), an unexpected exit code or
# a valgrind error fails the test (before, only valgrind's own error code did: a
# segfault under valgrind passed). Skipped (77) under the sanitizer build (ASan and
# valgrind do not mix) or without valgrind.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
NORMSIM=${NORMSIM:?set NORMSIM to the normsim binary}
if [ "${NS_SANITIZE:-0}" = 1 ] || ! command -v valgrind >/dev/null 2>&1; then
    exit 77
fi
failures=0
LOG=$(mktemp "${TMPDIR:-/tmp}/ns_vg.XXXXXX")
trap 'rm -f "$LOG"' EXIT

# vg EXPECTED_EXIT PROGRAM ARGS...: run under valgrind; 0 when the program exited with
# EXPECTED_EXIT and valgrind found nothing, 1 (with the reason on stderr) otherwise.
vg() {
    local want=$1
    shift
    valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
        --error-exitcode=99 -q "$@" >/dev/null 2>"$LOG"
    local rc=$?
    if [ $rc = 99 ]; then
        echo "valgrind errors in '$*':" >&2
        cat "$LOG" >&2
        return 1
    fi
    if [ $rc -gt 128 ]; then
        echo "'$*' was killed by signal $((rc - 128)):" >&2
        cat "$LOG" >&2
        return 1
    fi
    if [ $rc != "$want" ]; then
        echo "'$*' exited $rc, expected $want:" >&2
        cat "$LOG" >&2
        return 1
    fi
    return 0
}

# The checker itself: a clean exit passes; a crash and a wrong exit code are caught.
if ! vg 0 sh -c 'exit 0'; then
    echo "FAIL: the checker refused a clean exit" >&2
    failures=$((failures + 1))
fi
if vg 0 sh -c 'kill -SEGV $$' 2>/dev/null; then
    echo "FAIL: the checker let a segfault pass" >&2
    failures=$((failures + 1))
fi
if vg 0 sh -c 'exit 3' 2>/dev/null; then
    echo "FAIL: the checker let exit 3 pass where 0 was expected" >&2
    failures=$((failures + 1))
fi

# `run` replays every body and forecasts every roll call: minutes under valgrind, so its
# pieces are checked one by one (negotiate, vote) and `run` itself under ASan/LSan. The
# vote runs on a copy of the data with three of the nine roll calls: the same code paths
# (load, slope fit, cut points, sponsors) in half the time (5 s under valgrind with all).
DATA=$(mktemp -d "${TMPDIR:-/tmp}/ns_vg_data.XXXXXX")
trap 'rm -f "$LOG"; rm -rf "$DATA"' EXIT
SRC=${NS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
cp "$SRC"/data/*.csv "$DATA"/
{ head -1 "$SRC/data/unga_votes.csv"
  grep -E '^A/RES/(63/37|73/27|73/266),' "$SRC/data/unga_votes.csv"; } >"$DATA/unga_votes.csv"
[ "$(wc -l <"$DATA/unga_votes.csv")" -gt 300 ] || { echo "FAIL: the reduced vote data is empty"; exit 1; }
while read -r want args; do
    # shellcheck disable=SC2086
    if vg "$want" "$NORMSIM" $args; then
        echo "ok: normsim $args (exit $want)"
    else
        echo "FAIL: normsim $args" >&2
        failures=$((failures + 1))
    fi
done <<CASES
0 data members
0 data participation --format csv
0 negotiate --body GGE5 --runs 2
0 --data $DATA vote --resolution A/RES/73/27
2 data nonsense
CASES
exit $((failures > 0))
