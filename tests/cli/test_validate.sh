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
exit $fail
