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

cp "$DATA/ktab_dummydata_3dim.csv" dd3.csv

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

# eum records every round too (the process layer's drafting rounds read it): turn 0 the
# input, as many turns as the forecast's rounds, each turn's weighted median the centre.
cp "$DATA/bdm_emissions.csv" bdm.csv
expect_exit 0 "eum --trace csv" "" -- "$NORMSIM" forecast bdm.csv --model eum --trace --format csv
cp out.txt eum_trace.csv
expect_exit 0 "eum forecast csv" "" -- "$NORMSIM" forecast bdm.csv --model eum --format csv
cp out.txt eum.csv
python3 - eum_trace.csv eum.csv bdm.csv <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
fc = list(csv.DictReader(open(sys.argv[2])))[0]
inp = {r["actor"]: float(r["position"]) for r in csv.DictReader(open(sys.argv[3]))}
turns = sorted({int(r["turn"]) for r in rows})
assert turns == list(range(int(fc["rounds"]) + 1)), (turns[-1], fc["rounds"])
assert len(rows) == len(turns) * len(inp), len(rows)
t0 = {r["actor"]: float(r["position"]) for r in rows if r["turn"] == "0"}
assert t0 == inp, t0
last = [float(r["position"]) for r in rows if int(r["turn"]) == turns[-1]]
assert min(last) <= float(fc["forecast"]) <= max(last), (last, fc["forecast"])
PY
check "eum trace: turn 0 the input, one turn per round" $?

expect_exit 2 "static model refused" "records no turns" -- "$NORMSIM" forecast dd3.csv \
    --model compromise --trace
# Without --trace the forecast is unchanged.
expect_exit 0 "forecast without --trace" "" -- "$NORMSIM" forecast dd3.csv --model smp --format csv
head -1 out.txt | grep -q "^issue,forecast,turns"
check "forecast columns without --trace" $?
exit $fail
