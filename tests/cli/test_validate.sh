#!/usr/bin/env bash
# normsim validate end to end: the csv of the hand-computed table (tests/unit/
# test_validate.c), the baseline first, the status-quo note, --models lists, and every
# error path with its exit code.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
NORMSIM=${NORMSIM:?NORMSIM must name the normsim binary}
DATA=${NS_TEST_DATA:?}/tables
source "$(dirname "$0")/lib.sh"
fail=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1

expect_exit 0 "every model, csv" "" -- "$NORMSIM" validate "$DATA/validate_small.csv" --format csv
head -n 1 out.txt | grep -qx 'model,n,mae,rmse,median_ae,params'
check "csv header" $?
sed -n 2p out.txt | grep -qx 'compromise,4,8.75,11.4564,7.5,'
check "compromise row first, errors by hand" $?
[ "$(wc -l <out.txt)" -eq 8 ]
check "one row per model (7)" $?
grep -q '^nash,3,13.3333,16.3299,20,defaults (4/4 folds)$' out.txt
check "nash: 3 issues, hand-computed errors, defaults chosen" $?
grep -q 'note: nash: 1 issues without a status quo skipped' err.txt
check "nash skips the issue without a status quo, with a note" $?

expect_exit 0 "--models list, --folds 2, json" "" -- "$NORMSIM" validate \
    "$DATA/validate_small.csv" --models median --folds 2 --format json
python3 - out.txt <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
assert [r["model"] for r in rows] == ["compromise", "median"], rows
assert rows[0]["mae"] == 8.75 and rows[0]["n"] == 4, rows
PY
check "json: compromise added first, median scored" $?

expect_exit 0 "table format with title" "" -- "$NORMSIM" validate "$DATA/validate_small.csv" --models all
grep -q 'baseline: compromise' out.txt
check "title names the baseline" $?

expect_exit 2 "no outcome column" "no issue with an outcome" -- "$NORMSIM" validate "$DATA/no_status_quo.csv"
expect_exit 2 "--folds 1" "folds" -- "$NORMSIM" validate "$DATA/validate_small.csv" --folds 1
expect_exit 2 "unknown model" "no model 'nosuch'" -- "$NORMSIM" validate "$DATA/validate_small.csv" --models compromise,nosuch
expect_exit 2 "missing TABLE" "missing TABLE" -- "$NORMSIM" validate
expect_exit 2 "missing file" "nosuch.csv" -- "$NORMSIM" validate nosuch.csv
expect_exit 0 "help" "" -- "$NORMSIM" help validate
grep -q 'usage: normsim validate' out.txt
check "help text" $?
# scripts/deu3_to_normsim.py on a synthetic file in DEU III's layout (75 tab-separated
# columns; not DEU data): issue i1 with the Commission at 100 (salience 50) and Austria
# at 0 (salience 100), the others sitting out, reference point 0, outcome 40; issue i2
# without an outcome. Compromise with the capability line (com 4.1, at 0.48):
# (4.1*0.5*100 + 0.48*1*0) / (4.1*0.5 + 0.48) = 205/2.53 = 81.0277, error 41.0277.
if command -v python3 >/dev/null; then
    python3 - deu3.tsv <<'PY'
import sys
actors = ["com", "ep", "at"] + ["x%02d" % k for k in range(27)]
head = ["prnrnmc", "isnrnmc", "prnr", "prname", "isnr", "type", "council", "proc", "counvte",
        "proccde", "issues", "intro", "finact"] + ["p" + a for a in actors] + \
       ["s" + a for a in actors] + ["rp", "out"]
caps = [""] * 13 + ['"4.1"', '"4.1"', '"0.48"'] + ['"1"'] * 27 + [""] * 32
def row(isnr, pos, sal, rp, out):
    r = ["1", "1", '"d1"', '"t"', '"%s"' % isnr] + ['"x"'] * 8
    r += [pos.get(a, "") for a in actors] + [sal.get(a, "") for a in actors] + [rp, out]
    return r
rows = [['"%s"' % h for h in head], caps,
        row("i1", {"com": "100", "at": "0"}, {"com": "50", "at": "100"}, "0", "40"),
        row("i2", {"com": "20", "at": "60"}, {"com": "50", "at": "50"}, "", "")]
with open(sys.argv[1], "w") as f:
    for r in rows:
        assert len(r) == 75, len(r)
        f.write("\t".join(r) + "\n")
PY
    expect_exit 0 "deu3_to_normsim.py converts DEU III's layout" "" -- \
        python3 "${NS_SOURCE_DIR:?}/scripts/deu3_to_normsim.py" deu3.tsv
    cp out.txt deu3_long.csv
    grep -qx 'i1,com,100,0.5,4.1,0,40' deu3_long.csv && grep -qx 'i1,at,0,1,0.48,0,40' deu3_long.csv \
        && [ "$(grep -c '^i1,' deu3_long.csv)" -eq 2 ] && grep -qx 'i2,at,60,0.5,0.48,,' deu3_long.csv
    check "converted rows: salience/100, capability line, rp as status quo, sit-outs dropped" $?
    expect_exit 0 "validate the converted table" "" -- "$NORMSIM" validate deu3_long.csv \
        --models compromise --format csv
    grep -qx 'compromise,1,41.0277,41.0277,41.0277,' out.txt
    check "compromise on the converted table, by hand" $?
    expect_exit 0 "equal capabilities" "" -- python3 "$NS_SOURCE_DIR/scripts/deu3_to_normsim.py" \
        deu3.tsv --capability equal
    grep -qx 'i1,at,0,1,1,0,40' out.txt
    check "--capability equal" $?
fi
exit $fail
