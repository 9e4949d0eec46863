#!/usr/bin/env bash
# normsim forecast / winset / models end to end: each model on good.csv against an
# independent Python computation, the summary, the sat-out note, and every error path
# with its exit code.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
NORMSIM=${NORMSIM:?NORMSIM must name the normsim binary}
DATA=${NS_TEST_DATA:?}/tables
command -v python3 >/dev/null || exit 77
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
. "$(dirname "$0")/lib.sh"
fail=0
cd "$TMP" || exit 1 # expect_exit writes out.txt and err.txt here

# ---- Each model against Python -------------------------------------------------------
# The reference reads good.csv itself and computes, per issue:
#   compromise  sum c s x / sum c s
#   median      the Condorcet winner by the O(n^2) pairwise votes V(j,k)
#   winset      the setter (greatest capability) clamps its position into W(q) = the
#               intersection of the members' intervals (q, 2x - q)
#   nash        ternary search on sum ln(|q-x| - |y-x|) over W(q) (a different method
#               from the program's bisection on the derivative)
cat >"$TMP/ref.py" <<'EOF'
import csv, math, sys
model, path, out = sys.argv[1], sys.argv[2], sys.argv[3]
rows = list(csv.DictReader(open(path)))
issues = []
for r in rows:
    if r["issue"] not in issues:
        issues.append(r["issue"])
got = {r["issue"]: r for r in csv.DictReader(open(out))}
bad = 0
for i in issues:
    rs = [r for r in rows if r["issue"] == i]
    x = [float(r["position"]) for r in rs]
    s = [float(r["salience"]) for r in rs]
    c = [float(r["capability"]) for r in rs]
    q = float(rs[0]["status_quo"])
    w = [a * b for a, b in zip(c, s)]
    if model == "compromise":
        want = sum(a * b for a, b in zip(w, x)) / sum(w)
    elif model == "median":
        want = None
        for j in range(len(x)):
            if all(sum(w[k] * (abs(x[k] - x[m]) - abs(x[k] - x[j])) for k in range(len(x))) > 0
                   for m in range(len(x)) if x[m] != x[j]):
                want = x[j]
    else:
        # W(q): the intersection of the members' intervals between q and 2x - q.
        if all(v > q for v in x):
            lo, hi = q, min(2 * v - q for v in x)
        elif all(v < q for v in x):
            lo, hi = max(2 * v - q for v in x), q
        else:
            lo = hi = q  # q between the members: the core
        if model == "winset":
            setter = x[max(range(len(x)), key=lambda k: (c[k], -k))]
            want = min(max(setter, lo), hi)
        else:
            f = lambda y: sum(math.log(abs(q - v) - abs(y - v)) for v in x)
            a, b = lo, hi
            if a < b:
                for _ in range(200):
                    m1, m2 = a + (b - a) / 3, b - (b - a) / 3
                    if f(m1) < f(m2):
                        a = m1
                    else:
                        b = m2
            want = (a + b) / 2
    have = float(got[i]["forecast"])
    if abs(have - want) > 1e-6:
        print(f"{model} {i}: normsim {have}, reference {want}")
        bad += 1
    err = abs(have - float(rs[0]["outcome"]))
    if abs(float(got[i]["abs_error"]) - err) > 1e-6:
        print(f"{model} {i}: abs_error {got[i]['abs_error']}, reference {err}")
        bad += 1
sys.exit(1 if bad else 0)
EOF
for model in compromise median winset nash; do
    expect_exit 0 "forecast good.csv --model $model --format csv" "" -- "$NORMSIM" forecast "$DATA/good.csv" --model "$model" --format csv
    cp out.txt "$TMP/$model.csv"
    python3 "$TMP/ref.py" "$model" "$DATA/good.csv" "$TMP/$model.csv" ||
        fail "$model disagrees with the reference"
    # The summary goes to stderr in csv format, never into the csv.
    grep -q "mean absolute error" err.txt || fail "$model: no summary on stderr"
    grep -q "mean absolute error" "$TMP/$model.csv" && fail "$model: summary inside the csv"
done

# The summary by hand for compromise: errors 4.2373, 12.1649, 0.4146 (from the reference
# formula on good.csv): mean 5.6056, median 4.2373.
expect_exit 0 "forecast good.csv --model compromise" "" -- "$NORMSIM" forecast "$DATA/good.csv" --model compromise
grep -q "mean absolute error 5.60562, median absolute error 4.23729" out.txt ||
    fail "compromise summary in table format"

# JSON: an array of objects, one per issue, each naming the model; the summary on
# stderr, not prefixed like an error.
expect_exit 0 "forecast good.csv --model median --format json" "" -- "$NORMSIM" forecast "$DATA/good.csv" --model median --format json
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert isinstance(d, list) and all(r["model"] == "median" for r in d), d
assert [r["forecast"] for r in d] == [60, 50, 6], d
' out.txt || fail "median json"
grep -q "^summary: mean absolute error 10," err.txt || fail "median json: summary on stderr"
expect_exit 0 "forecast good.csv --model median --format csv" "" -- "$NORMSIM" forecast "$DATA/good.csv" --model median --format csv
[ "$(head -1 out.txt | awk -F, '{ print $NF }')" = model ] || fail "csv: model column last"
grep -q "^normsim:" err.txt && fail "a note prefixed like an error: $(cat err.txt)"

# Sitting out: the note on stderr, the actors left out (USA and DEU remain; W(10) =
# (10, 30); the setter is USA at 20, first of the two with capability 1).
expect_exit 0 "forecast sat_out.csv --model winset --format csv" "" -- "$NORMSIM" forecast "$DATA/sat_out.csv" --model winset --format csv
grep -q "note: 2 rows had a missing position or salience" err.txt || fail "sat-out note"
grep -q "^ihl,20," out.txt || fail "sat-out winset forecast: $(cat out.txt)"

# ---- winset command: the textbook example ---------------------------------------------
expect_exit 0 "winset winset_example.csv --format csv" "" -- "$NORMSIM" winset "$DATA/winset_example.csv" --format csv
grep -qx "below,0,no,0,4,2,9,C,4" out.txt || fail "winset below: $(cat out.txt)"
grep -qx "core,6,yes,,,2,9,C,6" out.txt || fail "winset core: $(cat out.txt)"
# 2-of-3 with A as setter: pivots x_(2) = 5, W(0) = (0, 10), A gets its ideal 2.
expect_exit 0 "winset winset_example.csv --rule k-of-n=2 --setter A --format csv" "" -- "$NORMSIM" winset "$DATA/winset_example.csv" --rule k-of-n=2 --setter A --format csv
grep -qx "below,0,no,0,10,5,5,A,2" out.txt || fail "winset k-of-n: $(cat out.txt)"
expect_exit 2 "winset winset_example.csv --rule k-of-n=4" "" -- "$NORMSIM" winset "$DATA/winset_example.csv" --rule k-of-n=4
expect_exit 2 "winset winset_example.csv --rule majority" "" -- "$NORMSIM" winset "$DATA/winset_example.csv" --rule majority
expect_exit 2 "winset winset_example.csv --setter NOBODY" "" -- "$NORMSIM" winset "$DATA/winset_example.csv" --setter NOBODY
expect_exit 2 "winset no_status_quo.csv" "" -- "$NORMSIM" winset "$DATA/no_status_quo.csv"
grep -q "no status quo" err.txt || fail "winset without status quo: message"

# ---- models -------------------------------------------------------------------------
expect_exit 0 "models" "" -- "$NORMSIM" models
for m in compromise median winset nash eum exchange; do
    grep -q "^$m " out.txt || fail "models lists no $m"
done
grep -q "Romer and Rosenthal" out.txt || fail "models: no citation"
expect_exit 0 "models --format csv" "" -- "$NORMSIM" models --format csv
grep -q '^nash,.*,loss,linear,linear|quadratic,' out.txt || fail "models csv: nash loss"
expect_exit 2 "models --bogus" "" -- "$NORMSIM" models --bogus
for cmd in models forecast winset; do
    expect_exit 0 "help $cmd" "" -- "$NORMSIM" help "$cmd"
    grep -q "usage: normsim $cmd" out.txt || fail "help $cmd"
done

# ---- Error paths: exit 2 with file:line --------------------------------------------------
expect_exit 2 "forecast bad_header.csv" "bad_header.csv:1:.*salience" -- "$NORMSIM" forecast "$DATA/bad_header.csv" --model compromise
expect_exit 2 "forecast text_number.csv" "text_number.csv:3:.*forty" -- "$NORMSIM" forecast "$DATA/text_number.csv" --model compromise
expect_exit 2 "forecast salience_range.csv" "salience_range.csv:4:.*1.5" -- "$NORMSIM" forecast "$DATA/salience_range.csv" --model compromise
expect_exit 2 "forecast duplicate.csv" "duplicate.csv:4:.*duplicate" -- "$NORMSIM" forecast "$DATA/duplicate.csv" --model compromise
expect_exit 2 "forecast empty.csv" "empty.csv:1:.*empty" -- "$NORMSIM" forecast "$DATA/empty.csv" --model compromise
expect_exit 2 "forecast inconsistent_sq.csv" "inconsistent_sq.csv:3:" -- "$NORMSIM" forecast "$DATA/inconsistent_sq.csv" --model compromise
# A 100 MB line: refused by the CSV reader's 1 MiB limit (NS_ELIMIT, exit 2).
{
    echo "issue,actor,position,salience,capability"
    printf 'ihl,'
    head -c 104857600 /dev/zero | tr '\0' 'x'
    echo ",1,1,1"
} >"$TMP/huge.csv"
expect_exit 2 "forecast huge.csv --model compromise" "" -- "$NORMSIM" forecast "$TMP/huge.csv" --model compromise
grep -q "huge.csv:2" err.txt || fail "100 MB line: $(cat err.txt)"
rm -f "$TMP/huge.csv"
expect_exit 2 "forecast missing.csv --model compromise" "" -- "$NORMSIM" forecast "$TMP/missing.csv" --model compromise
expect_exit 2 "forecast good.csv --model bdm" "" -- "$NORMSIM" forecast "$DATA/good.csv" --model bdm
grep -q "compromise, median" err.txt || fail "unknown model: no list"
expect_exit 2 "forecast good.csv --model nash --param foo=1" "" -- "$NORMSIM" forecast "$DATA/good.csv" --model nash --param foo=1
grep -q "loss, weighting" err.txt || fail "unknown param: no list"
expect_exit 2 "forecast good.csv --model winset --param setter_rank=0" "" -- "$NORMSIM" forecast "$DATA/good.csv" --model winset --param setter_rank=0
expect_exit 2 "forecast good.csv --model winset --param setter_rank=6" "" -- "$NORMSIM" forecast "$DATA/good.csv" --model winset --param setter_rank=6
expect_exit 2 "forecast good.csv --model nash --param loss=cubic" "" -- "$NORMSIM" forecast "$DATA/good.csv" --model nash --param loss=cubic
expect_exit 2 "forecast good.csv --model nash --param loss" "" -- "$NORMSIM" forecast "$DATA/good.csv" --model nash --param loss
expect_exit 2 "forecast no_status_quo.csv --model nash" "" -- "$NORMSIM" forecast "$DATA/no_status_quo.csv" --model nash
# Issues without a status quo are skipped with a note (issue 14 item 9), unless --strict;
# a table where none has one still fails.
expect_exit 0 "forecast some_status_quo.csv --model nash --format csv" "" -- "$NORMSIM" forecast "$DATA/some_status_quo.csv" --model nash --format csv
grep -q "1 of 2 issues have no status quo and were skipped.*: cbm" err.txt || fail "sq note: $(cat err.txt)"
grep -q "^ihl," out.txt && ! grep -q "^cbm," out.txt || fail "sq rows: $(cat out.txt)"
expect_exit 0 "forecast some_status_quo.csv --model winset" "" -- "$NORMSIM" forecast "$DATA/some_status_quo.csv" --model winset
expect_exit 2 "forecast some_status_quo.csv --model nash --strict" "" -- "$NORMSIM" forecast "$DATA/some_status_quo.csv" --model nash --strict
grep -q "issue 'cbm' has none" err.txt || fail "--strict: $(cat err.txt)"
expect_exit 0 "forecast some_status_quo.csv --model compromise" "" -- "$NORMSIM" forecast "$DATA/some_status_quo.csv" --model compromise
grep -q "skipped" err.txt && fail "compromise needs no status quo: $(cat err.txt)"
expect_exit 2 "forecast good.csv" "" -- "$NORMSIM" forecast "$DATA/good.csv"
expect_exit 2 "forecast --model compromise" "" -- "$NORMSIM" forecast --model compromise
expect_exit 2 "forecast good.csv --model compromise --seed -1" "" -- "$NORMSIM" forecast "$DATA/good.csv" --model compromise --seed -1
expect_exit 2 "forecast good.csv --model compromise --frobnicate" "" -- "$NORMSIM" forecast "$DATA/good.csv" --model compromise --frobnicate

# ---- No leaks on the command line paths (valgrind, when not under the sanitizers) ----
if [ "${NS_SANITIZE:-0}" != "1" ] && command -v valgrind >/dev/null; then
    for args in "forecast $DATA/good.csv --model nash --format json" \
        "forecast $DATA/duplicate.csv --model median" \
        "winset $DATA/good.csv --rule k-of-n=3" "models --format csv"; do
        # shellcheck disable=SC2086
        valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
            --error-exitcode=99 "$NORMSIM" $args >/dev/null 2>"$TMP/vg"
        [ $? = 99 ] && fail "valgrind: $args: $(head -c 500 "$TMP/vg")"
    done
fi

[ "$fail" = 0 ] || exit 1
echo "test_forecast: ok"
