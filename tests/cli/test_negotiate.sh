#!/usr/bin/env bash
# normsim negotiate: one body's consensus drafting. Known answers that do not come from
# the program's own output: a body of one state adopts that state's ideal point (set by
# the scenario, so known here); the blockers are members of the body; the csv has one row
# per mandated paragraph; every error path exits 2.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
NORMSIM=${NORMSIM:?set NORMSIM to the normsim binary}
SRC=${NS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
expect_exit() { # want, description, command...
    local want=$1 what=$2
    shift 2
    "$@" >"$TMP/out" 2>"$TMP/err"
    local rc=$?
    [ "$rc" = "$want" ] || fail "$what: exit $rc, want $want ($(head -c 300 "$TMP/err"))"
}

# The 2017 group at a will where it fails: the explanation names blockers, each a
# recorded GGE5 member, and the paragraphs they block.
expect_exit 0 "GGE5 explain" "$NORMSIM" negotiate --body GGE5 --param forum_shopping=0.5 --param will_scale=4 --runs 4 --explain
grep -q "^recorded outcome: no consensus report" "$TMP/out" || fail "GGE5: recorded outcome"
grep -q "NO CONSENSUS" "$TMP/out" || fail "GGE5 at b 0.5, will 4: expected no consensus"
grep -qE "^[A-Z]{3} blocks: .*objection comes from [a-z_]+" "$TMP/out" || fail "GGE5: no blocker sentence"
"$NORMSIM" data members --format csv >"$TMP/members.csv" || fail "data members"
for b in $(grep -oE "^[A-Z]{3} blocks" "$TMP/out" | cut -c1-3); do
    grep -E "GGE5" "$TMP/members.csv" | grep -q "$b" || fail "blocker $b is not a GGE5 member"
done
grep -q "^data .*seed 1" "$TMP/out" || fail "provenance line (data, seed)"
grep -q "4 replicates" "$TMP/out" || fail "replicates not printed"

# Default parameters: runs and explains (adopted or not).
expect_exit 0 "GGE5 default explain" "$NORMSIM" negotiate --body GGE5 --runs 3 --explain
grep -qE "^(The report is adopted|No consensus)" "$TMP/out" || fail "default explain sentence"

# csv: one row per mandated paragraph (nine), the documented columns, deterministic.
expect_exit 0 "csv" "$NORMSIM" negotiate --body GGE3 --runs 5 --seed 9 --format csv
cp "$TMP/out" "$TMP/a.csv"
head -1 "$TMP/a.csv" | grep -q "^body,year,positions_year,members,paragraph,status_quo,action,text,moved,objectors,adopted,p,p_lo,p_hi,replicates,seed,data," || fail "csv header"
[ "$(tail -n +2 "$TMP/a.csv" | wc -l)" = 9 ] || fail "csv rows"
"$NORMSIM" negotiate --body GGE3 --runs 5 --seed 9 --format csv >"$TMP/b.csv"
cmp -s "$TMP/a.csv" "$TMP/b.csv" || fail "same seed, different output"
python3 - "$TMP/a.csv" <<'PY' || fail "csv content"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert {r["paragraph"] for r in rows} == {"ihl", "self_defence", "countermeasures", "sovereignty",
    "binding", "multistakeholder", "capacity_building", "cbm", "norms"}
for r in rows:
    assert r["body"] == "GGE3" and r["members"] == "15" and r["seed"] == "9"
    assert r["action"] in ("keep", "summary", "drop")
    p, lo, hi = float(r["p"]), float(r["p_lo"]), float(r["p_hi"])
    assert 0 <= lo <= p <= hi <= 1
    assert r["data"] != ""
PY
"$NORMSIM" negotiate --body GGE3 --runs 5 --format json | python3 -c 'import json,sys; assert len(json.load(sys.stdin)) == 9' || fail "json"

# A body of one state adopts its ideal point: USA's positions are fixed by the scenario.
cat >"$TMP/solo.yaml" <<'YAML'
normsim: 1
base: un
states:
  - iso3: USA
    positions: { ihl: { x: 77, sd: 0 }, cbm: { x: 33, sd: 0 } }
bodies:
  - { id: SOLO, membership: list, members: [USA], mandate: [ihl, cbm], start_year: 2016, end_year: 2017 }
YAML
expect_exit 0 "solo" "$NORMSIM" negotiate --body SOLO --scenario "$TMP/solo.yaml" --runs 3 --format csv
python3 - "$TMP/out" <<'PY' || fail "solo body: text is not the state's ideal"
import csv, sys
rows = {r["paragraph"]: r for r in csv.DictReader(open(sys.argv[1]))}
assert abs(float(rows["ihl"]["text"]) - 77) < 1e-6 and rows["ihl"]["action"] == "keep"
assert abs(float(rows["cbm"]["text"]) - 33) < 1e-6 and rows["cbm"]["adopted"] == "yes"
assert float(rows["ihl"]["p"]) == 1.0
PY

# The example scenarios run.
for f in gge5_no_self_defence gge5_15_members oewg1_no_summary; do
    body=GGE5
    [ "$f" = oewg1_no_summary ] && body=OEWG1
    expect_exit 0 "example $f" "$NORMSIM" negotiate --body $body --scenario "$SRC/examples/$f.yaml" --runs 2
done
grep -q "summary for this body: not available" "$TMP/out" || fail "oewg1_no_summary: summary still available"
"$NORMSIM" negotiate --body GGE5 --scenario "$SRC/examples/gge5_15_members.yaml" --runs 2 | grep -q "15 members (rotation)" || fail "15 members"
[ "$("$NORMSIM" negotiate --body GGE5 --scenario "$SRC/examples/gge5_no_self_defence.yaml" --runs 2 --format csv | tail -n +2 | wc -l)" = 7 ] || fail "7 paragraphs without self_defence and countermeasures"

# Errors: exit 2 for bad usage and bad input.
expect_exit 2 "no --body" "$NORMSIM" negotiate
expect_exit 2 "unknown body" "$NORMSIM" negotiate --body GGE9
grep -q "GGE9" "$TMP/err" || fail "unknown body not named"
expect_exit 2 "year before the positions" "$NORMSIM" negotiate --body GGE5 --year 1990 --runs 2
expect_exit 2 "year not a number" "$NORMSIM" negotiate --body GGE5 --year 20x6
expect_exit 2 "year out of range" "$NORMSIM" negotiate --body GGE5 --year 3000
expect_exit 2 "runs 0" "$NORMSIM" negotiate --body GGE5 --runs 0
expect_exit 2 "bad seed" "$NORMSIM" negotiate --body GGE5 --seed -3
expect_exit 2 "bad param" "$NORMSIM" negotiate --body GGE5 --param will_scale
expect_exit 2 "param out of range" "$NORMSIM" negotiate --body GGE5 --param forum_shopping=2
grep -q "forum_shopping" "$TMP/err" || fail "range error does not name the parameter"
expect_exit 2 "General Assembly" "$NORMSIM" negotiate --body GA
expect_exit 2 "unknown option" "$NORMSIM" negotiate --body GGE5 --bogus
expect_exit 2 "missing scenario" "$NORMSIM" negotiate --body GGE5 --scenario "$TMP/nope.yaml"
printf 'normsim: 1\nbase: un\nparameters: { will_scale: [1, 2\n' >"$TMP/broken.yaml"
expect_exit 2 "broken YAML" "$NORMSIM" negotiate --body GGE5 --scenario "$TMP/broken.yaml"
grep -q "broken.yaml:" "$TMP/err" || fail "YAML error without its place"
printf 'normsim: 1\nbase: un\nparameters:\n  persuasion: 3\n' >"$TMP/range.yaml"
expect_exit 2 "scenario parameter out of range" "$NORMSIM" negotiate --body GGE5 --scenario "$TMP/range.yaml"
printf 'normsim: 1\nbase: un\nparameters:\n  summary_available.NOPE: 0\n' >"$TMP/nobody.yaml"
expect_exit 2 "summary switch for no body" "$NORMSIM" negotiate --body GGE5 --scenario "$TMP/nobody.yaml"
printf 'normsim: 1\nbase: un\nbodies:\n  - { id: TINY, membership: rotation, seats: 3, start_year: 2016, mandate: [ihl] }\n' >"$TMP/tiny.yaml"
expect_exit 2 "rotation with 3 seats" "$NORMSIM" negotiate --body TINY --scenario "$TMP/tiny.yaml"
# Drafting rounds, a known answer worked out by hand: Turkey at 20 and Norway at 80 on
# sovereignty (silence 50; no text was adopted before 2004), salience 1, no will, full
# forum shopping (b = 1), no chair's summary. Each one's outside option lies toward its
# own side of 50 (o = 50 + b c (x - 50), c > 0 its GDP share), so Turkey accepts only
# drafts below 50 and Norway only above: the first draft fails. With NATO cohesion 1
# both move to the camp's salience-weighted mean (20 + 80) / 2 = 50 before the second
# draft; their outside options become 50 and the draft at 50 is adopted, in every
# replicate (sd 0).
cat >"$TMP/pair.yaml" <<'YAML'
normsim: 1
base: un
parameters: { forum_shopping: 1, will_scale: 0, summary_available: 0 }
states:
  - iso3: TUR
    positions: { sovereignty: { x: 20, sd: 0, salience: 1 } }
  - iso3: NOR
    positions: { sovereignty: { x: 80, sd: 0, salience: 1 } }
bodies:
  - { id: PAIR, membership: list, members: [TUR, NOR], mandate: [sovereignty], start_year: 2004, end_year: 2005 }
YAML
expect_exit 0 "pair, one draft" "$NORMSIM" negotiate --body PAIR --scenario "$TMP/pair.yaml" --runs 3 --format csv
python3 - "$TMP/out" <<'PY' || fail "pair, one draft: expected a failure"
import csv, sys
r = list(csv.DictReader(open(sys.argv[1])))[0]
assert r["adopted"] == "no" and float(r["p"]) == 0.0 and r["rounds"] == "1", r
PY
expect_exit 0 "pair, cohesion" "$NORMSIM" negotiate --body PAIR --scenario "$TMP/pair.yaml" --runs 3 --format csv --param rounds=3 --param cohesion.NATO=1
python3 - "$TMP/out" <<'PY' || fail "pair with NATO cohesion 1: expected adoption at 50 in round 2"
import csv, sys
r = list(csv.DictReader(open(sys.argv[1])))[0]
assert r["adopted"] == "yes" and r["rounds"] == "2" and r["max_rounds"] == "3", r
assert abs(float(r["text"]) - 50) < 1e-6 and float(r["p"]) == 1.0, r
PY
expect_exit 0 "pair, explain" "$NORMSIM" negotiate --body PAIR --scenario "$TMP/pair.yaml" --runs 3 --param rounds=3 --param cohesion.NATO=1 --explain
grep -q "^  round 1: no consensus, blocked by " "$TMP/out" || fail "pair: round 1 not told"
grep -q "the NATO camp closed ranks (its 2 seated members moved 30 points on average)" "$TMP/out" || fail "pair: NATO move not told (each moves 30)"
grep -q "^  round 2: adopted" "$TMP/out" || fail "pair: round 2 not adopted"
grep -q "drafts adopted in round 1: 0, in round 2: 3, in round 3: 0 (of 3 draws)" "$TMP/out" || fail "pair: Monte Carlo rounds"

# One round and no cohesion are the single-shot negotiation, byte for byte.
"$NORMSIM" negotiate --body GGE4 --runs 6 --format csv --param will_scale=5 >"$TMP/one.csv" || fail "GGE4 default"
"$NORMSIM" negotiate --body GGE4 --runs 6 --format csv --param will_scale=5 --param rounds=1 --param cohesion=0 >"$TMP/one_b.csv" || fail "GGE4 rounds=1"
cmp -s "$TMP/one.csv" "$TMP/one_b.csv" || fail "rounds=1 cohesion=0 differs from the default"

# The 2017 group over three drafts: the story names blockers that are GGE5 members.
expect_exit 0 "GGE5 rounds" "$NORMSIM" negotiate --body GGE5 --param forum_shopping=0.5 --param will_scale=4 --param rounds=3 --param cohesion=0.5 --runs 3 --explain
grep -q "^Drafting rounds (at most 3):" "$TMP/out" || fail "GGE5 rounds: no story"
grep -q "^drafting rounds: at most 3 (cohesion 0.5, dynamics none)" "$TMP/out" || fail "GGE5 rounds: process line"
for b in $(grep -oE "round 1: no consensus, blocked by .*" "$TMP/out" | grep -oE "[A-Z]{3} \(" | cut -c1-3); do
    grep -E "GGE5" "$TMP/members.csv" | grep -q "$b" || fail "round blocker $b is not a GGE5 member"
done

# Regional consultation: GGE6 (A/RES/73/266) hears the five organisations; GGE5 does not.
"$NORMSIM" negotiate --body GGE6 --runs 2 >"$TMP/g6" || fail "GGE6"
grep -q "regional organisations: AU EU OAS OSCE ARF consulted, regional_persuasion 0$" "$TMP/g6" || fail "GGE6 not consulting"
# With the default pull 0 the regional channel changes nothing: GGE6's csv is the same
# with the channel switched off.
"$NORMSIM" negotiate --body GGE6 --runs 3 --format csv | cut -d, -f1-25 >"$TMP/g6a.csv" || fail "GGE6 csv"
"$NORMSIM" negotiate --body GGE6 --runs 3 --format csv --param consult_regional.GGE6=0 | cut -d, -f1-25 >"$TMP/g6b.csv" || fail "GGE6 csv off"
cmp -s "$TMP/g6a.csv" "$TMP/g6b.csv" || fail "regional_persuasion 0 changed GGE6"
"$NORMSIM" negotiate --body GGE5 --runs 2 | grep -q "regional organisations: not consulted" || fail "GGE5 consulting"
"$NORMSIM" negotiate --body GGE5 --runs 2 --param consult_regional.GGE5=1 | grep -q "ARF consulted" || fail "consult_regional.GGE5"
for f in gge5_camp_cohesion gge6_regional; do
    body=GGE5
    [ "$f" = gge6_regional ] && body=GGE6
    expect_exit 0 "example $f" "$NORMSIM" negotiate --body $body --scenario "$SRC/examples/$f.yaml" --runs 2 --explain
done
grep -q "consulted, regional_persuasion 0.3" "$TMP/out" || fail "gge6_regional: persuasion 0.3"

# Round parameters out of range: exit 2, the key named.
for kv in rounds=0 rounds=1.5 rounds=21 cohesion=2 cohesion.WARSAW=1 cohesion.NATO=-1 dynamics=2 \
    regional_persuasion=1.5 consult_regional=3 consult_regional.GGE9=1; do
    expect_exit 2 "param $kv" "$NORMSIM" negotiate --body GGE5 --runs 2 --param "$kv"
    grep -q "${kv%%=*}" "$TMP/err" || fail "param $kv: error does not name the key"
done
"$NORMSIM" help negotiate | grep -q -- "--explain" || fail "help negotiate"
"$NORMSIM" help negotiate | grep -q -- "cohesion.CAMP" || fail "help negotiate: cohesion"

exit $((failures > 0))
