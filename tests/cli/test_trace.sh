#!/usr/bin/env bash
# normsim forecast --trace end to end: KTAB's dummyData_3Dim through smp, csv columns
# turn,actor,dimension,position, turn 0 the input, KTAB's last turn; json and table
# formats; a model without turns refused with exit 2.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
NORMSIM=${NORMSIM:?NORMSIM must name the normsim binary}
DATA=${NS_TEST_DATA:?}/tables
command -v python3 >/dev/null || exit 77
source "$(dirname "$0")/lib.sh"
fail=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1

cat >dd3.csv <<'CSV'
issue,actor,position,salience,capability
Pstn1,SActor-00,75.79,0.4953,102.543
Pstn2,SActor-00,6.37,0.0591,102.543
Pstn3,SActor-00,70.45,0.2815,102.543
Pstn1,SActor-01,82.72,0.3033,53.393
Pstn2,SActor-01,73.50,0.2122,53.393
Pstn3,SActor-01,64.00,0.2479,53.393
Pstn1,SActor-02,82.45,0.4847,129.643
Pstn2,SActor-02,90.89,0.1355,129.643
Pstn3,SActor-02,0.07,0.3462,129.643
Pstn1,SActor-03,62.52,0.2076,75.920
Pstn2,SActor-03,50.82,0.3924,75.920
Pstn3,SActor-03,62.33,0.2221,75.920
Pstn1,SActor-04,82.34,0.4096,63.224
Pstn2,SActor-04,45.77,0.2543,63.224
Pstn3,SActor-04,73.31,0.2259,63.224
Pstn1,SActor-05,84.48,0.2292,120.048
Pstn2,SActor-05,33.70,0.3935,120.048
Pstn3,SActor-05,88.11,0.1542,120.048
Pstn1,SActor-06,70.96,0.3175,54.178
Pstn2,SActor-06,33.46,0.2793,54.178
Pstn3,SActor-06,90.36,0.2603,54.178
CSV

expect_exit 0 "smp --trace csv" "" -- "$NORMSIM" forecast dd3.csv --model smp --trace --format csv
cp out.txt trace.csv
python3 - trace.csv dd3.csv <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert list(rows[0].keys()) == ["turn", "actor", "dimension", "position"], rows[0].keys()
assert len(rows) == 11 * 7 * 3, len(rows)
turns = [int(r["turn"]) for r in rows]
assert turns == sorted(turns) and turns[0] == 0 and turns[-1] == 10
inp = {(r["actor"], r["issue"]): float(r["position"]) for r in csv.DictReader(open(sys.argv[2]))}
t0 = {(r["actor"], r["dimension"]): float(r["position"]) for r in rows if r["turn"] == "0"}
assert t0.keys() == inp.keys() and all(abs(t0[k] - inp[k]) < 1e-9 for k in inp)
# KTAB's reference run (20170530_ref-dummyData_3Dim.txt): SActor-05 ends at 79.9, 34.4, 75.2.
last = {(r["actor"], r["dimension"]): float(r["position"]) for r in rows if r["turn"] == "10"}
for d, v in (("Pstn1", 79.9), ("Pstn2", 34.4), ("Pstn3", 75.2)):
    assert abs(last[("SActor-05", d)] - v) <= 0.05 + 1e-9, (d, last[("SActor-05", d)])
PY
check "trace: 231 rows, turn 0 the input, KTAB's last turn" $?

expect_exit 0 "smp --trace json" "" -- "$NORMSIM" forecast dd3.csv --model smp --trace --format json
python3 -c 'import json,sys; r=json.load(open("out.txt")); assert len(r)==231 and r[0]["turn"]==0'
check "trace json: 231 objects" $?
expect_exit 0 "smp --trace table" "" -- "$NORMSIM" forecast dd3.csv --model smp --trace
grep -q "turn 0: the input" out.txt
check "trace table title" $?

# Separate mode on a normsim table: each issue's rows up to its own last turn.
expect_exit 0 "smp --trace separate" "" -- "$NORMSIM" forecast "$DATA/good.csv" --model smp \
    --param dimensions=separate --trace --format csv
grep -q "^0,USA,ihl,20$" out.txt
check "separate: turn 0 of USA on ihl is its input" $?

expect_exit 2 "static model refused" "records no turns" -- "$NORMSIM" forecast dd3.csv \
    --model compromise --trace
# Without --trace the forecast is unchanged.
expect_exit 0 "forecast without --trace" "" -- "$NORMSIM" forecast dd3.csv --model smp --format csv
head -1 out.txt | grep -q "^issue,forecast,turns"
check "forecast columns without --trace" $?
exit $fail
