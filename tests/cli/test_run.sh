#!/usr/bin/env bash
# normsim run: the timeline 1998-2026 with forecasts beside the recorded outcomes, the
# three files written through a temporary name, a refused -o, a failed write reported
# with the file name and no half-written file; report.html with its figures, the GGE
# participation table and the roll-call map by regional group (checked against the
# data files read here). Recorded facts checked against the data
# (MECHANISM.md 3.5, 5.1): GGE1 and GGE5 failed, 73/27 was 119-46-14.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
NORMSIM=${NORMSIM:?set NORMSIM to the normsim binary}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
. "$(dirname "$0")/lib.sh"
fail=0

cd "$TMP" || exit 1 # normsim-out/ and expect_exit's out.txt and err.txt are written here
expect_exit 0 "run --runs 3" "" -- "$NORMSIM" run --runs 3
mv out.txt "$TMP/t.txt"
head -1 "$TMP/t.txt" | grep -q "forecasts beside outcomes" || fail "title"
# The title wraps at 100 columns: read its lines as one.
tr '\n' ' ' <"$TMP/t.txt" | grep -qE "^The UN process.* data .*b=.* will_scale=.*3 replicates.*seed 1" || fail "provenance in the title"
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
assert by_id["GGE5"]["members"] == "25" and by_id["OEWG1"]["members"] == "193"
# One type per column: a body's years and membership rule, ISO3 chair and sponsor.
assert by_id["OEWG1"]["membership"] == "open" and by_id["GGE5"]["membership"] == "historical"
assert (by_id["GGE1"]["start_year"], by_id["GGE1"]["end_year"], by_id["GGE1"]["date"]) == ("2004", "2005", "")
assert by_id["GM"]["start_year"] == "2026" and by_id["GM"]["end_year"] == ""
assert by_id["GGE1"]["chair"] == "RUS" and by_id["A/RES/73/266"]["sponsor"] == "USA"
for r in rows:
    assert r["members"] == "" or r["members"].isdigit(), r
    assert all(r[c] == "" or (len(r[c]) == 3 and r[c].isupper()) for c in ("chair", "sponsor")), r
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
# The record (docs/RECORD.md): off by default, and each body's margins with each rule toggled.
assert s["parameters"]["record_views"] == 0 and g5["record"] == "off"
eff = dict(kv.split("=") for kv in g5["record_effects"].split(";"))
assert set(eff) == {"in_force", "will", "stances", "salience", "views", "agenda", "all"}, eff
# GGE5 adopted a report or nothing: with that practice the 2017 Group fails at the defaults.
assert float(eff["in_force"]) > 0 > float(eff["views"]), eff
v = list(csv.DictReader(open(os.path.join(d, "votes.csv"))))
assert v and set(v[0]) == {"resolution", "year", "iso3", "actual", "predicted", "p_yes", "p_abstain", "p_no", "cut_source"}
for r in v[:500]:
    assert abs(float(r["p_yes"]) + float(r["p_abstain"]) + float(r["p_no"]) - 1) < 1e-3
PY

# Same seed, same files; csv and json on stdout carry the events only. Each run replays
# every body (about 7 s whatever --runs: the vote model's cut points), so these variants
# run in the normal build only (the sanitizer build checks the first run above and the
# error paths below), and json on stdout is checked on the run without gnuplot below.
if [ "${NS_SANITIZE:-0}" != 1 ]; then
    expect_exit 0 "run -o again" "" -- "$NORMSIM" run --runs 3 -o "$TMP/again" --format csv
    mv out.txt "$TMP/t.csv"
    cmp -s normsim-out/timeline.csv "$TMP/again/timeline.csv" || fail "same seed, different timeline"
    [ "$(tail -n +2 "$TMP/t.csv" | wc -l)" = 43 ] || fail "csv rows"
fi

# -o naming a file: refused with exit 2, the file untouched.
echo keep >"$TMP/afile"
expect_exit 2 "-o file" "" -- "$NORMSIM" run --runs 2 -o "$TMP/afile"
[ "$(cat "$TMP/afile")" = keep ] || fail "-o file was overwritten"

# A write that fails (the target name is a non-empty folder, so the rename fails): exit
# 1, the message names the file, no temporary file left, the other file intact.
mkdir -p "$TMP/bad/sessions.json/x"
expect_exit 1 "failed write" "" -- "$NORMSIM" run --runs 1 -o "$TMP/bad"
grep -q "sessions.json" err.txt || fail "failed write: file not named ($(cat err.txt))"
ls -a "$TMP/bad" | grep -q '\.tmp' && fail "failed write left a temporary file"
[ -s "$TMP/bad/timeline.csv" ] || fail "timeline.csv not written before the failure"
if [ -w /dev/full ] && [ -d /dev ]; then
    : # /dev/full cannot be a folder; the rename case above covers a failed write.
fi

expect_exit 2 "run extra arg" "" -- "$NORMSIM" run extra
expect_exit 2 "run --runs x" "" -- "$NORMSIM" run --runs x
expect_exit 2 "missing scenario" "" -- "$NORMSIM" run --scenario "$TMP/none.yaml"
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
    assert page.count("<svg") == 4 and "not drawn" not in page
    assert "<?xml" not in page  # the prolog is dropped when inlined
PY

# report.html, the participation table and the roll-call map (issue 6 item 4), each
# checked against the data files read here by another method (plain CSV, not the
# library). SRC: the source tree, for data/.
python3 - normsim-out "${NS_SOURCE_DIR:?}" "$(command -v gnuplot >/dev/null && echo 1 || echo 0)" <<'PY' || fail "report.html participation and roll calls"
import collections, csv, os, sys, xml.etree.ElementTree as E
d, src, have_gp = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
page = open(os.path.join(d, "report.html")).read()
for text in ("<h2>Participation in the GGEs</h2>", "States by the number of GGEs they served in",
             "GGE seats per UN regional group", "<h2>General Assembly roll calls by regional group</h2>",
             'href="run-participation.csv"', 'href="run-rollcall-map.csv"', 'href="run-rollcall-map.svg"'):
    assert text in page, text
assert "computed by the command line, not the library" not in page

# Participation: the member lists counted here, the paper's figures (Lu and Yang 2020,
# citing Kavanagh 2017: 6, 4, 3, 5, 4, 18 states; 40 states; 109 seats).
groups = {r["iso3"]: r["un_regional_group"] for r in csv.DictReader(open(os.path.join(src, "data/states.csv")))}
gid = {"African": "AFR", "Asia-Pacific": "APG", "Eastern European": "EEG", "GRULAC": "GRULAC",
       "Latin American and Caribbean": "GRULAC", "WEOG": "WEOG"}
served, unsure, seats = collections.Counter(), collections.defaultdict(bool), collections.Counter()
for r in csv.DictReader(open(os.path.join(src, "data/gge_members.csv"))):
    served[r["iso3"]] += 1
    unsure[r["iso3"]] |= r["verified"] != "yes"
    seats[(r["gge_id"], gid[groups[r["iso3"]]])] += 1
p = list(csv.DictReader(open(os.path.join(d, "run-participation.csv"))))
assert list(p[0].keys()) == ["table", "body", "un_group", "groups_served", "measure", "count",
                             "paper", "unverified"]
counts = {r["groups_served"]: r for r in p if r["table"] == "counts"}
paper = {"6": "6", "5": "4", "4": "3", "3": "5", "2": "4", "1": "18"}
for k in range(1, 7):
    states = [s for s, n in served.items() if n == k]
    assert int(counts[str(k)]["count"]) == len(states), (k, counts[str(k)], len(states))
    assert counts[str(k)]["paper"] == paper[str(k)]
    assert counts[str(k)]["unverified"] == ("yes" if any(unsure[s] for s in states) else "no")
totals = {r["measure"]: r for r in p if r["table"] == "totals"}
assert (totals["distinct_states"]["count"], totals["distinct_states"]["paper"]) == (str(len(served)), "40")
assert (totals["seats"]["count"], totals["seats"]["paper"]) == (str(sum(served.values())), "109")
for r in p:
    if r["table"] == "seats":
        assert int(r["count"]) == seats[(r["body"], r["un_group"])], r
assert len([r for r in p if r["table"] == "seats"]) == 30
# The HTML table shows the same counts beside the paper's.
star = "*" if counts["1"]["unverified"] == "yes" else ""
assert '<tr><td>1</td><td class="num">%s%s</td><td class="num">18</td></tr>' % (counts["1"]["count"], star) in page
assert '<tr><td>all groups</td>' in page and '<td class="num">%d</td></tr>' % sum(seats.values()) in page

# Roll calls: every recorded roll call, by group; the counts from unga_votes.csv, the
# group size = the group's UN members that year (un_member_since), and yes + no +
# abstain + absent = the group size.
since = {r["iso3"]: int(r["un_member_since"]) for r in csv.DictReader(open(os.path.join(src, "data/states.csv")))}
votes = collections.Counter()
dates = {}
for r in csv.DictReader(open(os.path.join(src, "data/unga_votes.csv"))):
    votes[(r["resolution"], gid[groups[r["iso3"]]], r["vote"])] += 1
    dates[r["resolution"]] = r["date"]
m = list(csv.DictReader(open(os.path.join(d, "run-rollcall-map.csv"))))
assert list(m[0].keys())[:11] == ["order", "resolution", "date", "year", "line", "group", "members",
                                  "yes", "no", "abstain", "absent"], list(m[0].keys())
assert len(m) == 5 * len(dates), (len(m), len(dates))
order = [r["resolution"] for r in m[::5]]
assert sorted(order) == sorted(dates) and [dates[x] for x in order] == sorted(dates.values())
for r in m:
    year, g = int(r["year"]), r["group"]
    size = sum(1 for s, grp in groups.items() if gid[grp] == g and since[s] <= year)
    y, n, a, absent = (int(r[c]) for c in ("yes", "no", "abstain", "absent"))
    assert (y, n, a) == tuple(votes[(r["resolution"], g, v)] for v in ("yes", "no", "abstain")), r
    assert int(r["members"]) == size and y + n + a + absent == size and absent >= 0, (r, size)
    if y + n + a:
        assert abs(float(r["share_yes"]) - y / (y + n + a)) < 1e-4
    if r["forecast_n"]:
        fy, fn, fa = (int(r[c]) for c in ("forecast_yes", "forecast_no", "forecast_abstain"))
        assert fy + fn + fa == int(r["forecast_n"]) <= y + n + a, r
# The 2018 split by camp (MECHANISM.md 5.1): WEOG voted no on 73/27 (27 of 29), yes on 73/266.
w = {(r["resolution"], r["group"]): r for r in m}
assert int(w[("A/RES/73/27", "WEOG")]["no"]) == 27 and int(w[("A/RES/73/266", "WEOG")]["yes"]) == 29
# The first roll call of the line has no earlier one to take cut points from.
assert m[0]["resolution"] == "A/RES/60/45" and m[0]["forecast_n"] == ""
assert any(r["forecast_n"] for r in m)
if have_gp:
    E.parse(os.path.join(d, "run-rollcall-map.svg"))
    assert os.path.getsize(os.path.join(d, "run-rollcall-map.png")) > 0
PY
# pandas may be in the system's Python (python3-pandas) rather than the first on PATH.
PANDAS_PY=
for py in python3 /usr/bin/python3; do
    if "$py" -c "import pandas" 2>/dev/null; then PANDAS_PY=$py; break; fi
done
if [ -n "$PANDAS_PY" ]; then
    "$PANDAS_PY" -c 'import pandas, sys
p = pandas.read_csv(sys.argv[1]); m = pandas.read_csv(sys.argv[2])
assert list(p.columns) == ["table", "body", "un_group", "groups_served", "measure", "count", "paper", "unverified"]
assert p["count"].dtype.kind == "i" and p["groups_served"].dtype.kind in "if" and p["paper"].dtype.kind in "if"
assert ((m["yes"] + m["no"] + m["abstain"] + m["absent"]) == m["members"]).all()' \
        normsim-out/run-participation.csv normsim-out/run-rollcall-map.csv || fail "report CSVs in pandas"
else
    echo "skip: pandas not installed (report CSVs not read by pandas)"
fi
if command -v Rscript >/dev/null; then
    Rscript -e 'a <- commandArgs(TRUE); p <- read.csv(a[1]); m <- read.csv(a[2])
stopifnot(ncol(p) == 8, is.numeric(p$count), is.numeric(p$groups_served), all(m$yes + m$no + m$abstain + m$absent == m$members))' \
        normsim-out/run-participation.csv normsim-out/run-rollcall-map.csv || fail "report CSVs in R"
else
    echo "skip: R not installed (report CSVs not read by R)"
fi
ls -a normsim-out | grep -q '\.tmp' && fail "temporary file left behind (report)"
# Without gnuplot the run still succeeds and the page says the figures were not drawn;
# its json on stdout carries the 43 events only.
if [ "${NS_SANITIZE:-0}" != 1 ]; then
    # env sets PATH for normsim alone: expect_exit itself needs grep and cat.
    expect_exit 0 "run without gnuplot" "" -- env PATH=/nonexistent "$NORMSIM" run --runs 1 -o nogp --format json
    mv out.txt "$TMP/t.json"
    python3 -c 'import json,sys; assert len(json.load(open(sys.argv[1]))) == 43' "$TMP/t.json" || fail "json"
    grep -q "not drawn: gnuplot was not found" nogp/report.html || fail "no-gnuplot note"
    [ -s nogp/run-timeline.csv ] && [ -s nogp/run-timeline.gp ] && [ ! -e nogp/run-timeline.svg ] || fail "no-gnuplot files"
    [ -s nogp/run-rollcall-map.csv ] && [ -s nogp/run-rollcall-map.gp ] && [ ! -e nogp/run-rollcall-map.svg ] || fail "no-gnuplot roll-call files"
    [ "$(grep -c "not drawn: gnuplot was not found" nogp/report.html)" = 4 ] || fail "no-gnuplot note for each of the 4 figures"
    grep -q "GGE seats per UN regional group" nogp/report.html || fail "no-gnuplot: participation table missing"
fi

# backtest history --format csv: exactly the six columns, one row per recorded session,
# nothing else; right recomputed from p and actual. Slow (every grid point replays all
# sessions), so one replicate on the two-point grid, and not under the sanitizers.
if [ "${NS_SANITIZE:-0}" != 1 ]; then
    expect_exit 0 "backtest history" "" -- "$NORMSIM" backtest history --quick --runs 1 --format csv
    mv out.txt "$TMP/bt.csv"
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
    expect_exit 2 "backtest history --bogus" "" -- "$NORMSIM" backtest history --bogus
fi

exit $fail
