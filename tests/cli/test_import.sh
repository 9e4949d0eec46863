#!/usr/bin/env bash
# normsim import end to end: each format's good fixture converts, the output reads back
# as a long table, bad files fail with file:line and exit 2, usage errors exit 2.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
: "${NORMSIM:?NORMSIM must name the normsim binary}"
: "${NS_TEST_DATA:?}"
D="$NS_TEST_DATA/import"
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
cd "$tmp" || exit 1 # expect_exit writes out.txt and err.txt here

expect() { # FILE PATTERN DESCRIPTION: the extended regular expression PATTERN is in FILE
    if grep -Eq -- "$2" "$1"; then echo "ok: $3"; else fail "$3: '$2' not in $1:"; cat "$1"; fi
}

# Good files: the header and one row whose values are written in the fixture.
expect_exit 0 "decide good" "" -- "$NORMSIM" import decide "$D/decide_good.tab"
expect out.txt '^issue,actor,position,salience,capability' "decide header"
expect out.txt '^tax,DE,25,0\.(3|29999)' "decide: DE on tax at 25, salience 30% -> 0.3"
expect_exit 0 "ktab good" "" -- "$NORMSIM" import ktab "$D/ktab_good.csv"
expect out.txt '^Pos 2,DE,25,0\.(3|29999)' "ktab: DE on Pos 2"
expect_exit 0 "wide good to -o" "" -- "$NORMSIM" import wide "$D/wide_good.csv" -o "$tmp/wide.csv"
[ -s out.txt ] && fail "-o still wrote to stdout"
expect "$tmp/wide.csv" '^emis,DE,4,0\.8[0-9]*,16,4,8$' "wide: DE on emis with sq 4, outcome 8"
# The output is a valid long table for the rest of normsim.
expect_exit 0 "check reads the import" "" -- "$NORMSIM" import wide "$D/wide_good.csv" --output="$tmp/w2.csv"
cmp -s "$tmp/wide.csv" "$tmp/w2.csv" || fail "-o and --output= differ"

# Bad files: exit 2 and the place.
expect_exit 2 "decide unknown actor" "" -- "$NORMSIM" import decide "$D/decide_bad_actor.tab"
expect err.txt 'decide_bad_actor.tab:7:1: actor: unknown actor' "decide bad actor place"
expect_exit 2 "decide bad number" "" -- "$NORMSIM" import decide "$D/decide_bad_number.tab"
expect err.txt 'decide_bad_number.tab:6:9: position' "decide bad number place"
expect_exit 2 "ktab bad header" "" -- "$NORMSIM" import ktab "$D/ktab_bad_header.csv"
expect err.txt 'ktab_bad_header.csv:1:' "ktab header place"
expect_exit 2 "ktab bad salience" "" -- "$NORMSIM" import ktab "$D/ktab_bad_salience.csv"
expect err.txt 'ktab_bad_salience.csv:3:18: salience' "ktab salience place"
expect_exit 2 "wide missing salience" "" -- "$NORMSIM" import wide "$D/wide_bad_missing_salience.csv"
expect err.txt "wide_bad_missing_salience.csv:1:1: .*sDE" "wide missing salience"
expect_exit 2 "wide duplicate" "" -- "$NORMSIM" import wide "$D/wide_bad_duplicate.csv"
expect err.txt 'wide_bad_duplicate.csv:3:1: issue' "wide duplicate place"
expect_exit 2 "missing file" "" -- "$NORMSIM" import wide "$tmp/none.csv"

# The layouts of the files Decide and KTAB ship (tests/data/import/README.md).
expect_exit 0 "decide quoted" "" -- "$NORMSIM" import decide "$D/decide/quoted.csv"
expect out.txt "^aid,South bloc,10,0\.8,0\.5$" "decide quoted: South bloc on aid"
expect_exit 0 "decide semicolons, decimal commas, BOM, CRLF" "" -- "$NORMSIM" import decide "$D/decide/semicolon.csv"
expect out.txt '^aid,N,70\.5,0\.3,1$' "decide decimal comma"
expect_exit 0 "decide #O and #/" "" -- "$NORMSIM" import decide "$D/decide/sample.txt"
expect out.txt '^fee,Red,0\.5,0\.5,1,0\.5,7$' "decide labelled scale 0.5..7"
expect_exit 2 "decide with errors" "" -- "$NORMSIM" import decide "$D/decide/with_errors.csv"
expect err.txt 'with_errors.csv:5:17: power: -0.5 is outside' "decide error place"
for f in SOE-Policy.csv SOE-Pol-Comp.csv dummyData-a040.csv dummyData_3Dim.csv \
    dummyData_3Dim-no-final-comma.csv; do
    expect_exit 0 "ktab $f" "" -- "$NORMSIM" import ktab "$D/ktab/$f"
done
expect_exit 0 "ktab a040" "" -- "$NORMSIM" import ktab "$D/ktab/dummyData-a040.csv"
expect out.txt '^XYZ Position,Act-1001,63\.03,0\.4331,1\.73$' "ktab trimmed names, clean numbers"
expect_exit 0 "ktab xml" "" -- "$NORMSIM" import ktab "$D/ktab/smpExample.xml"
expect out.txt '^YADN,Ellie,26\.3,0\.158,63\.8$' "ktab xml: Ellie on YADN"
expect_exit 2 "ktab output log" "" -- "$NORMSIM" import ktab "$D/ktab/SOE-Policy.csv_effPow.csv"
expect err.txt "output files" "ktab output refused"
expect_exit 2 "xlsx" "" -- "$NORMSIM" import decide "$D/decide/workbook.xlsx"
expect err.txt 'workbook.xlsx: .*save it as CSV' "xlsx: save it as CSV"
[ "$(wc -l <err.txt)" -eq 1 ] || fail "xlsx error not one line"

# A Decide file through to Decide's first round: tests/unit/test_exchange.c works this
# round by hand (test_decide_round_by_hand): two exchanges move P in one round.
expect_exit 0 "decide two trades" "" -- "$NORMSIM" import decide "$D/decide/two_trades.csv" -o "$tmp/tt.csv"
expect_exit 0 "exchange round 1" "" -- "$NORMSIM" forecast "$tmp/tt.csv" --model exchange --max-rounds 1 --format csv
expect out.txt '^issue,forecast,rounds,exchanges,initial,preference,model$' "exchange columns"
expect out.txt '^P,0,1,2,20,11\.6,exchange$' "decide round 1 on P: two exchanges, NBS 0"
expect out.txt '^Q,90,1,1,80,84\.2,exchange$' "decide round 1 on Q"
expect_exit 0 "exchange single" "" -- "$NORMSIM" forecast "$tmp/tt.csv" --model exchange --max-rounds 1 \
    --param variant=single --format csv
expect out.txt '^P,10,1,1,20,10,exchange$' "single: one exchange on P"
expect_exit 2 "exchange bad variant" "" -- "$NORMSIM" forecast "$tmp/tt.csv" --model exchange --param variant=x

# Opt-in: the repositories' own folders, when a checkout is at hand (their files are not
# copied here: Decide's repository states no licence). NS_DECIDE_INPUT: Decide's
# data/input/; NS_KTAB_DOC: KTAB's examples/smp/doc/.
if [ -n "${NS_DECIDE_INPUT:-}" ] && [ -d "$NS_DECIDE_INPUT" ]; then
    for f in cop21.csv copenhagen.csv sample_data.txt; do
        [ -f "$NS_DECIDE_INPUT/$f" ] && expect_exit 0 "Decide's $f" "" -- "$NORMSIM" import decide "$NS_DECIDE_INPUT/$f"
    done
    for f in "$NS_DECIDE_INPUT"/*_with_errors.csv; do
        [ -f "$f" ] && expect_exit 2 "Decide's $(basename "$f")" "" -- "$NORMSIM" import decide "$f"
    done
fi
if [ -n "${NS_KTAB_DOC:-}" ] && [ -d "$NS_KTAB_DOC" ]; then
    for f in "$NS_KTAB_DOC"/*.csv "$NS_KTAB_DOC"/*.xml; do
        case "$f" in *_effPow.csv | *_posLog.csv) want=2 ;; *) want=0 ;; esac
        [ -f "$f" ] && expect_exit "$want" "KTAB's $(basename "$f")" "" -- "$NORMSIM" import ktab "$f"
    done
fi

# Usage errors.
expect_exit 2 "no arguments" "" -- "$NORMSIM" import
expect_exit 2 "unknown format" "" -- "$NORMSIM" import excel "$D/wide_good.csv"
expect err.txt "unknown import format 'excel'" "unknown format message"
expect_exit 2 "unknown option" "" -- "$NORMSIM" import wide "$D/wide_good.csv" --bogus
expect_exit 2 "-o without value" "" -- "$NORMSIM" import wide "$D/wide_good.csv" -o
expect_exit 1 "unwritable output" "" -- "$NORMSIM" import wide "$D/wide_good.csv" -o "$tmp/no/such/dir.csv"
expect_exit 0 "help" "" -- "$NORMSIM" help import
expect out.txt '^usage: normsim import decide\|ktab\|wide FILE' "help text"

# No leaks on the success and the failure paths, when valgrind is here (not under ASan).
if command -v valgrind >/dev/null && [ "${NS_SANITIZE:-0}" != "1" ] &&
    [ "${NS_SANITIZE:-}" != "ON" ]; then
    for args in "decide $D/decide_good.tab" "ktab $D/ktab_bad_salience.csv"; do
        # shellcheck disable=SC2086
        valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
            --error-exitcode=99 "$NORMSIM" import $args >/dev/null 2>"$tmp/vg"
        if [ $? -eq 99 ]; then fail "valgrind: import $args"; cat "$tmp/vg"; else echo "ok: valgrind: import $args"; fi
    done
fi

# --format json: the long table as an array of objects (csv stays the default).
expect_exit 0 "import json" "" -- "$NORMSIM" import decide "$D/decide_good.tab" --format json
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert isinstance(d, list) and d[0]["issue"] == "emis" and d[0]["actor"] == "NL", d[0]
' out.txt
check "import json: an array of objects" $?

exit $fail
