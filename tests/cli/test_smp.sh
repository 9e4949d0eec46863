#!/usr/bin/env bash
# normsim forecast --model smp end to end: KTAB's dummyData_3Dim scenario as a long
# table (the converged forecast, 10 turns), separate dimensions, KTAB's options by name,
# and the exit codes of bad input (docs/SMP.md).
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
NORMSIM=${NORMSIM:?NORMSIM must name the normsim binary}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
. "$(dirname "$0")/lib.sh"
fail=0
cd "$TMP" || exit 1 # expect_exit writes out.txt and err.txt here

cp "${NS_TEST_DATA:?}/tables/ktab_dummydata_3dim.csv" "$TMP/dd3.csv"

expect_exit 0 "models" "" -- "$NORMSIM" models
grep -q "^smp " out.txt || fail "models lists no smp"
grep -q "BargnModel=InitOnlyInterp" out.txt || fail "models: smp's KTAB options"

# KTAB's reference run ends after 10 turns with SActor-05 at (79.9, 34.4, 75.2), the
# position KTAB gives the highest probability (0.4009).
expect_exit 0 "forecast dd3.csv --model smp --format csv" "" -- "$NORMSIM" forecast "$TMP/dd3.csv" --model smp --format csv
head -1 out.txt | grep -q "^issue,forecast,turns,most_likely,p_most_likely,initial_forecast,model$" \
    || fail "smp csv header: $(head -1 out.txt)"
python3 - out.txt <<'PY' || fail "smp forecast of dummyData_3Dim"
import csv, sys
rows = {r["issue"]: r for r in csv.DictReader(open(sys.argv[1]))}
want = {"Pstn1": 79.9, "Pstn2": 34.4, "Pstn3": 75.2}
for issue, x in want.items():
    r = rows[issue]
    assert int(float(r["turns"])) == 10, r
    assert abs(float(r["most_likely"]) - x) <= 0.05, r
    assert abs(float(r["p_most_likely"]) - 0.4009) <= 0.00005, r
    assert 0 <= float(r["forecast"]) <= 100, r
PY

# KTAB's own CSV, through the importer, gives the same run.
cp out.txt "$TMP/long.out"
cat >"$TMP/ktab.csv" <<'CSV'
Scenario-0x89B9E56731783372 ,"Dummy scenario to test reading format",7,3,
Actor,Description,Power,Pstn1,Sal1,Pstn2,Sal2,Pstn3,Sal3,
SActor-00, Random Spatial Actor, 102.543, 75.79, 49.53,  6.37,  5.91, 70.45, 28.15,
SActor-01, Random Spatial Actor,  53.393, 82.72, 30.33, 73.50, 21.22, 64.00, 24.79,
SActor-02, Random Spatial Actor, 129.643, 82.45, 48.47, 90.89, 13.55,  0.07, 34.62,
SActor-03, Random Spatial Actor,  75.920, 62.52, 20.76, 50.82, 39.24, 62.33, 22.21,
SActor-04, Random Spatial Actor,  63.224, 82.34, 40.96, 45.77, 25.43, 73.31, 22.59,
SActor-05, Random Spatial Actor, 120.048, 84.48, 22.92, 33.70, 39.35, 88.11, 15.42,
SActor-06, Random Spatial Actor,  54.178, 70.96, 31.75, 33.46, 27.93, 90.36, 26.03,
CSV
expect_exit 0 "import ktab ktab.csv" "" -- "$NORMSIM" import ktab "$TMP/ktab.csv"
cp out.txt "$TMP/imported.csv"
expect_exit 0 "forecast imported.csv --model smp --format csv" "" -- "$NORMSIM" forecast "$TMP/imported.csv" --model smp --format csv
python3 - "$TMP/long.out" out.txt <<'PY' || fail "smp on the imported KTAB file"
import csv, sys
a = {r["issue"]: r for r in csv.DictReader(open(sys.argv[1]))}
b = {r["issue"]: r for r in csv.DictReader(open(sys.argv[2]))}
assert a.keys() == b.keys()
for k in a:
    for col in ("forecast", "turns", "most_likely"):
        assert abs(float(a[k][col]) - float(b[k][col])) <= 1e-9, (k, col, a[k], b[k])
PY

# KTAB's options by name; separate dimensions run one SMP per issue.
expect_exit 0 "forecast dd3.csv --model smp --param VotingRule=PropCbc --param PCEModel=MarkovUniform --param StateTransitions=Stochastic --seed 3" "" -- "$NORMSIM" forecast "$TMP/dd3.csv" --model smp --param VotingRule=PropCbc \
    --param PCEModel=MarkovUniform --param StateTransitions=Stochastic --seed 3
expect_exit 0 "forecast dd3.csv --model smp --param dimensions=separate" "" -- "$NORMSIM" forecast "$TMP/dd3.csv" --model smp --param dimensions=separate

# Bad input: exit 2 with the reason.
expect_exit 2 "forecast dd3.csv --model smp --param VotingRule=Loud" "" -- "$NORMSIM" forecast "$TMP/dd3.csv" --model smp --param VotingRule=Loud
grep -q "ASymProsp" err.txt || fail "bad choice lists the choices"
printf 'issue,actor,position,salience,capability\nx,A,20,0.7,1\ny,A,20,0.7,1\n' >"$TMP/heavy.csv"
expect_exit 2 "forecast heavy.csv --model smp --param dimensions=joint" "" -- "$NORMSIM" forecast "$TMP/heavy.csv" --model smp --param dimensions=joint
grep -q "dimensions=separate" err.txt || fail "salience over 1: the way out"
expect_exit 0 "forecast heavy.csv --model smp --param dimensions=separate" "" -- "$NORMSIM" forecast "$TMP/heavy.csv" --model smp --param dimensions=separate
expect_exit 0 "forecast heavy.csv --model smp" "" -- "$NORMSIM" forecast "$TMP/heavy.csv" --model smp

[ "$fail" = 0 ] || exit 1
