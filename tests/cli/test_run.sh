#!/usr/bin/env bash
# normsim run: the timeline 1998-2026 with forecasts beside the recorded outcomes, the
# three files written through a temporary name, a refused -o, a failed write reported
# with the file name and no half-written file. Recorded facts checked against the data
# (MECHANISM.md 3.5, 5.1): GGE1 and GGE5 failed, 73/27 was 119-46-14.
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

cd "$TMP" || exit 1
"$NORMSIM" run --runs 3 >"$TMP/t.txt" 2>"$TMP/err" || fail "run exit $? ($(cat "$TMP/err"))"
head -1 "$TMP/t.txt" | grep -q "forecasts beside outcomes" || fail "title"
head -1 "$TMP/t.txt" | grep -qE "data .*b=.* will_scale=.*3 replicates.*seed 1" || fail "provenance in the title"
grep -E " GGE5 " "$TMP/t.txt" | grep -q "FAILED" || fail "GGE5 not shown as failed"
grep -E " GGE1 " "$TMP/t.txt" | grep -q "FAILED" || fail "GGE1 not shown as failed"
for f in timeline.csv sessions.json votes.csv; do
    [ -s "normsim-out/$f" ] || fail "default folder: $f missing"
done
ls -a normsim-out | grep -q '\.tmp' && fail "temporary file left behind"

python3 - normsim-out <<'PY' || fail "files content"
import csv, json, os, sys
d = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(d, "timeline.csv"))))
# 34 resolutions + 9 bodies (GGE1-6, OEWG1, OEWG2, GM); the Assembly is not an event.
assert len(rows) == 43, len(rows)
years = [int(r["year"]) for r in rows]
assert years == sorted(years) and years[0] == 1998 and years[-1] == 2026
by_id = {r["id"]: r for r in rows}
assert by_id["A/RES/73/27"]["actual"] == "recorded vote 119-46-14"
assert by_id["GGE5"]["actual"].startswith("FAILED") and by_id["GGE4"]["actual"] == "consensus report"
assert by_id["GM"]["actual"] == "not yet known"
for b in ("GGE1", "GGE2", "GGE3", "GGE4", "GGE5", "GGE6", "OEWG1", "OEWG2", "GM"):
    r = by_id[b]
    p, lo, hi = float(r["p"]), float(r["p_lo"]), float(r["p_hi"])
    assert 0 <= lo <= p <= hi <= 1, (b, p, lo, hi)
    assert r["replicates"] == "3"
    assert r["forecast"] == ("consensus report" if p >= 0.5 else "no consensus")
assert by_id["GGE5"]["members"] == "25" and by_id["OEWG1"]["members"] == "open (193)"
# A forecast tally, where given, counts the states forecast (at most 193).
for r in rows:
    if r["vote_yes"]:
        assert int(r["vote_yes"]) + int(r["vote_no"]) + int(r["vote_abstain"]) <= 193
s = json.load(open(os.path.join(d, "sessions.json")))
assert s["data_version"] and s["seed"] == 1 and s["replicates"] == 3
assert set(s["parameters"]) >= {"forum_shopping", "will_scale", "summary_record", "persuasion"}
ids = [x["body"] for x in s["sessions"]]
assert ids == ["GGE1", "GGE2", "GGE3", "GGE4", "GGE5", "GGE6", "OEWG1", "OEWG2", "GM"], ids
g5 = [x for x in s["sessions"] if x["body"] == "GGE5"][0]
assert g5["members"] == 25 and len(g5["member_list"].split(";")) == 25 and "USA" in g5["member_list"]
v = list(csv.DictReader(open(os.path.join(d, "votes.csv"))))
assert v and set(v[0]) == {"resolution", "year", "iso3", "actual", "predicted", "p_yes", "p_abstain", "p_no", "cut_source"}
for r in v[:500]:
    assert abs(float(r["p_yes"]) + float(r["p_abstain"]) + float(r["p_no"]) - 1) < 1e-3
PY

# Same seed, same files; csv and json on stdout carry the events only. Each run replays
# every body, so these variants run in the normal build only (the sanitizer build checks
# the first run above and the error paths below).
if [ "${NS_SANITIZE:-0}" != 1 ]; then
    "$NORMSIM" run --runs 3 -o "$TMP/again" --format csv >"$TMP/t.csv" || fail "run -o again"
    cmp -s normsim-out/timeline.csv "$TMP/again/timeline.csv" || fail "same seed, different timeline"
    [ "$(tail -n +2 "$TMP/t.csv" | wc -l)" = 43 ] || fail "csv rows"
    "$NORMSIM" run --runs 1 -o "$TMP/o3" --format json |
        python3 -c 'import json,sys; assert len(json.load(sys.stdin)) == 43' || fail "json"
fi

# -o naming a file: refused with exit 2, the file untouched.
echo keep >"$TMP/afile"
"$NORMSIM" run --runs 2 -o "$TMP/afile" >/dev/null 2>"$TMP/err"; rc=$?
[ $rc = 2 ] || fail "-o file: exit $rc, want 2"
[ "$(cat "$TMP/afile")" = keep ] || fail "-o file was overwritten"

# A write that fails (the target name is a non-empty folder, so the rename fails): exit
# 1, the message names the file, no temporary file left, the other file intact.
mkdir -p "$TMP/bad/sessions.json/x"
"$NORMSIM" run --runs 2 -o "$TMP/bad" >/dev/null 2>"$TMP/err"; rc=$?
[ $rc = 1 ] || fail "failed write: exit $rc, want 1"
grep -q "sessions.json" "$TMP/err" || fail "failed write: file not named ($(cat "$TMP/err"))"
ls -a "$TMP/bad" | grep -q '\.tmp' && fail "failed write left a temporary file"
[ -s "$TMP/bad/timeline.csv" ] || fail "timeline.csv not written before the failure"
if [ -w /dev/full ] && [ -d /dev ]; then
    : # /dev/full cannot be a folder; the rename case above covers a failed write.
fi

"$NORMSIM" run extra >/dev/null 2>&1; rc=$?; [ $rc = 2 ] || fail "run extra arg: exit $rc, want 2"
"$NORMSIM" run --runs x >/dev/null 2>&1; rc=$?; [ $rc = 2 ] || fail "run --runs x: exit $rc, want 2"
"$NORMSIM" run --scenario "$TMP/none.yaml" >/dev/null 2>&1; rc=$?; [ $rc = 2 ] || fail "missing scenario: exit $rc"
"$NORMSIM" help run | grep -q "sessions.json" || fail "help run"

# report.html: self-contained (the figures' SVGs inlined), the provenance line, links to
# the three files; the timeline figure's data carries the recorded outcomes (GGE1 and
# GGE5 failed, the GM not yet known: MECHANISM.md 3.5).
python3 - normsim-out "$(command -v gnuplot >/dev/null && echo 1 || echo 0)" <<'PY' || fail "report.html"
import csv, os, sys, xml.etree.ElementTree as E
d, have_gp = sys.argv[1], sys.argv[2] == "1"
page = open(os.path.join(d, "report.html")).read()
assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
for link in ("timeline.csv", "sessions.json", "votes.csv"):
    assert f'href="{link}"' in page, link
assert "seed 1" in page and "will_scale=" in page
t = list(csv.DictReader(open(os.path.join(d, "run-timeline.csv"))))
assert list(t[0].keys()) == ["index", "body", "start_year", "end_year", "p", "p_lo", "p_hi", "outcome"]
out = {r["body"]: r["outcome"] for r in t}
assert out == {"GGE1": "0", "GGE2": "1", "GGE3": "1", "GGE4": "1", "GGE5": "0", "GGE6": "1",
               "OEWG1": "1", "OEWG2": "1", "GM": ""}, out
assert all(float(r["p_lo"]) <= float(r["p"]) <= float(r["p_hi"]) for r in t)
c = list(csv.DictReader(open(os.path.join(d, "run-diffusion-curve.csv"))))
assert len(c) == 16 and c[0]["year"] == "2015" and c[0]["endorsed"] == "20" and c[0]["items"] == "11"
for name in ("run-timeline", "run-diffusion-curve", "run-diffusion-map"):
    assert os.path.getsize(os.path.join(d, name + ".gp")) > 0
    if have_gp:
        E.parse(os.path.join(d, name + ".svg"))
        assert os.path.getsize(os.path.join(d, name + ".png")) > 0
        assert f'href="{name}.svg"' in page
if have_gp:
    assert page.count("<svg") == 3 and "not drawn" not in page
    assert "<?xml" not in page  # the prolog is dropped when inlined
PY
ls -a normsim-out | grep -q '\.tmp' && fail "temporary file left behind (report)"
# Without gnuplot the run still succeeds and the page says the figures were not drawn.
if [ "${NS_SANITIZE:-0}" != 1 ]; then
    PATH=/nonexistent "$NORMSIM" run --runs 1 -o nogp >/dev/null 2>"$TMP/err" || fail "run without gnuplot: exit $?"
    grep -q "not drawn: gnuplot was not found" nogp/report.html || fail "no-gnuplot note"
    [ -s nogp/run-timeline.csv ] && [ -s nogp/run-timeline.gp ] && [ ! -e nogp/run-timeline.svg ] || fail "no-gnuplot files"
fi

# backtest history --format csv: exactly the six columns, one row per recorded session,
# nothing else; right recomputed from p and actual. Slow (every grid point replays all
# sessions), so one replicate on the two-point grid, and not under the sanitizers.
if [ "${NS_SANITIZE:-0}" != 1 ]; then
    "$NORMSIM" backtest history --quick --runs 1 --format csv >"$TMP/bt.csv" 2>"$TMP/err" || fail "backtest history exit $? ($(cat "$TMP/err"))"
    python3 - "$TMP/bt.csv" <<'PY' || fail "backtest history csv"
import sys
lines = open(sys.argv[1]).read().splitlines()
assert lines[0] == "event,actual,p,right,p_loo,right_loo", lines[0]
rows = [l.split(",") for l in lines[1:]]
assert [r[0] for r in rows] == ["GGE1", "GGE2", "GGE3", "GGE4", "GGE5", "GGE6", "OEWG1", "OEWG2"]
actual = {"GGE1": 0, "GGE5": 0}
for r in rows:
    assert len(r) == 6
    a, p, right, ploo, rloo = int(r[1]), float(r[2]), int(r[3]), float(r[4]), int(r[5])
    assert a == actual.get(r[0], 1)
    assert right == int((p >= 0.5) == (a == 1)) and rloo == int((ploo >= 0.5) == (a == 1))
PY
    "$NORMSIM" backtest history --bogus >/dev/null 2>&1; rc=$?; [ $rc = 2 ] || fail "backtest history --bogus: exit $rc"
fi

exit $((failures > 0))
