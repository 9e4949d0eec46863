#!/usr/bin/env bash
# normsim run: the recorded timeline, labelled as not a forecast, in date order, with the
# failures of GGE1 and GGE5 (2017) and the 2018 votes (MECHANISM.md 3.5, 5.1).
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
NORMSIM=${NORMSIM:?set NORMSIM to the normsim binary}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

"$NORMSIM" run >"$TMP/t.txt" || fail "run exit $?"
head -1 "$TMP/t.txt" | grep -q "RECORDED DATA, NOT A FORECAST" || fail "run: label missing"
grep -E "GGE5" "$TMP/t.txt" | grep -q "FAILED" || fail "run: GGE5 not shown as failed"
grep -E "GGE5" "$TMP/t.txt" | grep -q "2016-2017" || fail "run: GGE5 years"
grep -E "GGE1 " "$TMP/t.txt" | grep -q "FAILED" || fail "run: GGE1 not shown as failed"
grep -E "GGE4" "$TMP/t.txt" | grep -q "A/70/174" || fail "run: GGE4 report"

"$NORMSIM" run --format csv >"$TMP/t.csv" || fail "run csv exit $?"
python3 - "$TMP/t.csv" <<'PY' || fail "run csv content"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
# 34 resolutions + 9 bodies (GGE1-6, OEWG1, OEWG2, GM); the Assembly is not an event.
assert len(rows) == 43, len(rows)
years = [int(r["year"]) for r in rows]
assert years == sorted(years), "not in date order"
assert years[0] == 1998 and years[-1] == 2026, (years[0], years[-1])
by_id = {r["id"]: r for r in rows}
assert (by_id["A/RES/73/27"]["yes"], by_id["A/RES/73/27"]["no"], by_id["A/RES/73/27"]["abstain"]) == ("119", "46", "14")
assert by_id["GGE5"]["outcome"].startswith("FAILED") and by_id["GGE5"]["date"] == "2016-2017"
assert by_id["GGE5"]["members"] == "25" and by_id["OEWG1"]["members"] == "open"
assert by_id["GM"]["outcome"] == "not yet known"
assert all(r["verified"] in ("yes", "partly", "no") for r in rows)
PY
"$NORMSIM" run --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert len(d) == 43' || fail "run json"
# Under --verified yes, GGE1 (session row 'partly') and the partly resolutions drop out.
n=$("$NORMSIM" run --verified yes --format csv | tail -n +2 | wc -l)
[ "$n" -lt 43 ] || fail "run --verified yes kept $n rows"
"$NORMSIM" run --verified yes | grep -q "GGE1 " && fail "run --verified yes shows GGE1"
"$NORMSIM" run extra >/dev/null 2>&1; rc=$?; [ $rc = 2 ] || fail "run extra arg: exit $rc, want 2"
"$NORMSIM" help run | grep -q "NOT A FORECAST" || fail "help run"

exit $((failures > 0))
