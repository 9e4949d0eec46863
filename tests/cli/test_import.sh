#!/usr/bin/env bash
# normsim import end to end: each format's good fixture converts, the output reads back
# as a long table, bad files fail with file:line and exit 2, usage errors exit 2.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
: "${NORMSIM:?NORMSIM must name the normsim binary}"
: "${NS_TEST_DATA:?}"
D="$NS_TEST_DATA/import"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
pass=0

run() { # expected-exit description command...
    local want=$1 what=$2
    shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    local got=$?
    if [ "$got" -ne "$want" ]; then
        echo "FAIL: $what: exit $got, want $want"; cat "$tmp/err"; fails=$((fails + 1))
    else
        pass=$((pass + 1))
    fi
}
expect() { # file pattern description
    if grep -Eq -- "$2" "$1"; then pass=$((pass + 1)); else
        echo "FAIL: $3: '$2' not in $1:"; cat "$1"; fails=$((fails + 1)); fi
}

# Good files: the header and one row whose values are written in the fixture.
run 0 "decide good" "$NORMSIM" import decide "$D/decide_good.tab"
expect "$tmp/out" '^issue,actor,position,salience,capability' "decide header"
expect "$tmp/out" '^tax,DE,25,0\.(3|29999)' "decide: DE on tax at 25, salience 30% -> 0.3"
run 0 "ktab good" "$NORMSIM" import ktab "$D/ktab_good.csv"
expect "$tmp/out" '^Pos 2,DE,25,0\.(3|29999)' "ktab: DE on Pos 2"
run 0 "wide good to -o" "$NORMSIM" import wide "$D/wide_good.csv" -o "$tmp/wide.csv"
[ -s "$tmp/out" ] && { echo "FAIL: -o still wrote to stdout"; fails=$((fails + 1)); }
expect "$tmp/wide.csv" '^emis,DE,4,0\.8[0-9]*,16,4,8$' "wide: DE on emis with sq 4, outcome 8"
# The output is a valid long table for the rest of normsim.
run 0 "check reads the import" "$NORMSIM" import wide "$D/wide_good.csv" --output="$tmp/w2.csv"
cmp -s "$tmp/wide.csv" "$tmp/w2.csv" || { echo "FAIL: -o and --output= differ"; fails=$((fails + 1)); }

# Bad files: exit 2 and the place.
run 2 "decide unknown actor" "$NORMSIM" import decide "$D/decide_bad_actor.tab"
expect "$tmp/err" 'decide_bad_actor.tab:7:1: actor: unknown actor' "decide bad actor place"
run 2 "decide bad number" "$NORMSIM" import decide "$D/decide_bad_number.tab"
expect "$tmp/err" 'decide_bad_number.tab:6:9: position' "decide bad number place"
run 2 "ktab bad header" "$NORMSIM" import ktab "$D/ktab_bad_header.csv"
expect "$tmp/err" 'ktab_bad_header.csv:1:' "ktab header place"
run 2 "ktab bad salience" "$NORMSIM" import ktab "$D/ktab_bad_salience.csv"
expect "$tmp/err" 'ktab_bad_salience.csv:3:18: salience' "ktab salience place"
run 2 "wide missing salience" "$NORMSIM" import wide "$D/wide_bad_missing_salience.csv"
expect "$tmp/err" "wide_bad_missing_salience.csv:1:1: .*sDE" "wide missing salience"
run 2 "wide duplicate" "$NORMSIM" import wide "$D/wide_bad_duplicate.csv"
expect "$tmp/err" 'wide_bad_duplicate.csv:3:1: issue' "wide duplicate place"
run 2 "missing file" "$NORMSIM" import wide "$tmp/none.csv"

# The layouts of the files Decide and KTAB ship (tests/data/import/README.md).
run 0 "decide quoted" "$NORMSIM" import decide "$D/decide/quoted.csv"
expect "$tmp/out" "^aid,South bloc,10,0\.8,0\.5$" "decide quoted: South bloc on aid"
run 0 "decide semicolons, decimal commas, BOM, CRLF" "$NORMSIM" import decide "$D/decide/semicolon.csv"
expect "$tmp/out" '^aid,N,70\.5,0\.3,1$' "decide decimal comma"
run 0 "decide #O and #/" "$NORMSIM" import decide "$D/decide/sample.txt"
expect "$tmp/out" '^fee,Red,0\.5,0\.5,1,0\.5,7$' "decide labelled scale 0.5..7"
run 2 "decide with errors" "$NORMSIM" import decide "$D/decide/with_errors.csv"
expect "$tmp/err" 'with_errors.csv:5:17: power: -0.5 is outside' "decide error place"
for f in SOE-Policy.csv SOE-Pol-Comp.csv dummyData-a040.csv dummyData_3Dim.csv \
    dummyData_3Dim-no-final-comma.csv; do
    run 0 "ktab $f" "$NORMSIM" import ktab "$D/ktab/$f"
done
run 0 "ktab a040" "$NORMSIM" import ktab "$D/ktab/dummyData-a040.csv"
expect "$tmp/out" '^XYZ Position,Act-1001,63\.03,0\.4331,1\.73$' "ktab trimmed names, clean numbers"
run 0 "ktab xml" "$NORMSIM" import ktab "$D/ktab/smpExample.xml"
expect "$tmp/out" '^YADN,Ellie,26\.3,0\.158,63\.8$' "ktab xml: Ellie on YADN"
run 2 "ktab output log" "$NORMSIM" import ktab "$D/ktab/SOE-Policy.csv_effPow.csv"
expect "$tmp/err" "output files" "ktab output refused"
run 2 "xlsx" "$NORMSIM" import decide "$D/decide/workbook.xlsx"
expect "$tmp/err" 'workbook.xlsx: .*save it as CSV' "xlsx: save it as CSV"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || { echo "FAIL: xlsx error not one line"; fails=$((fails + 1)); }

# A Decide file through to Decide's first round: tests/unit/test_exchange.c works this
# round by hand (test_decide_round_by_hand): two exchanges move P in one round.
run 0 "decide two trades" "$NORMSIM" import decide "$D/decide/two_trades.csv" -o "$tmp/tt.csv"
run 0 "exchange round 1" "$NORMSIM" forecast "$tmp/tt.csv" --model exchange --max-rounds 1 --format csv
expect "$tmp/out" '^issue,forecast,rounds,exchanges,initial,preference,model$' "exchange columns"
expect "$tmp/out" '^P,0,1,2,20,11\.6,exchange$' "decide round 1 on P: two exchanges, NBS 0"
expect "$tmp/out" '^Q,90,1,1,80,84\.2,exchange$' "decide round 1 on Q"
run 0 "exchange single" "$NORMSIM" forecast "$tmp/tt.csv" --model exchange --max-rounds 1 \
    --param variant=single --format csv
expect "$tmp/out" '^P,10,1,1,20,10,exchange$' "single: one exchange on P"
run 2 "exchange bad variant" "$NORMSIM" forecast "$tmp/tt.csv" --model exchange --param variant=x

# Opt-in: the repositories' own folders, when a checkout is at hand (their files are not
# copied here: Decide's repository states no licence). NS_DECIDE_INPUT: Decide's
# data/input/; NS_KTAB_DOC: KTAB's examples/smp/doc/.
if [ -n "${NS_DECIDE_INPUT:-}" ] && [ -d "$NS_DECIDE_INPUT" ]; then
    for f in cop21.csv copenhagen.csv sample_data.txt; do
        [ -f "$NS_DECIDE_INPUT/$f" ] && run 0 "Decide's $f" "$NORMSIM" import decide "$NS_DECIDE_INPUT/$f"
    done
    for f in "$NS_DECIDE_INPUT"/*_with_errors.csv; do
        [ -f "$f" ] && run 2 "Decide's $(basename "$f")" "$NORMSIM" import decide "$f"
    done
fi
if [ -n "${NS_KTAB_DOC:-}" ] && [ -d "$NS_KTAB_DOC" ]; then
    for f in "$NS_KTAB_DOC"/*.csv "$NS_KTAB_DOC"/*.xml; do
        case "$f" in *_effPow.csv | *_posLog.csv) want=2 ;; *) want=0 ;; esac
        [ -f "$f" ] && run "$want" "KTAB's $(basename "$f")" "$NORMSIM" import ktab "$f"
    done
fi

# Usage errors.
run 2 "no arguments" "$NORMSIM" import
run 2 "unknown format" "$NORMSIM" import excel "$D/wide_good.csv"
expect "$tmp/err" "unknown import format 'excel'" "unknown format message"
run 2 "unknown option" "$NORMSIM" import wide "$D/wide_good.csv" --bogus
run 2 "-o without value" "$NORMSIM" import wide "$D/wide_good.csv" -o
run 1 "unwritable output" "$NORMSIM" import wide "$D/wide_good.csv" -o "$tmp/no/such/dir.csv"
run 0 "help" "$NORMSIM" help import
expect "$tmp/out" 'usage: normsim import decide|ktab|wide FILE' "help text"

# No leaks on the success and the failure paths, when valgrind is here (not under ASan).
if command -v valgrind >/dev/null && [ "${NS_SANITIZE:-0}" != "1" ] &&
    [ "${NS_SANITIZE:-}" != "ON" ]; then
    for args in "decide $D/decide_good.tab" "ktab $D/ktab_bad_salience.csv"; do
        # shellcheck disable=SC2086
        valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
            --error-exitcode=99 "$NORMSIM" import $args >/dev/null 2>"$tmp/vg"
        if [ $? -eq 99 ]; then echo "FAIL: valgrind: import $args"; cat "$tmp/vg"; fails=$((fails + 1)); else pass=$((pass + 1)); fi
    done
fi

# --format json: the long table as an array of objects (csv stays the default).
run 0 "import json" "$NORMSIM" import decide "$D/decide_good.tab" --format json
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert isinstance(d, list) and d[0]["issue"] == "emis" and d[0]["actor"] == "NL", d[0]
' "$tmp/out" && pass=$((pass + 1)) || { echo "FAIL: import json"; fails=$((fails + 1)); }

echo "$pass passed, $fails failed"
[ "$fails" -eq 0 ]
