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
. "$(dirname "$0")/lib.sh"
fail=0
cd "$TMP" || exit 1 # expect_exit writes out.txt and err.txt here

# --wide: sentences and tables unwrapped, one line each for grep (by default they wrap at
# 100 columns; tests/cli/test_widths.sh checks that).
# The 2017 group at a will where it fails: the explanation names blockers, each a
# recorded GGE5 member, and the paragraphs they block.
expect_exit 0 "GGE5 explain" "" -- "$NORMSIM" negotiate --wide --body GGE5 --param forum_shopping=0.5 --param will_scale=4 --runs 4 --explain
grep -q "^recorded outcome: no consensus report" out.txt || fail "GGE5: recorded outcome"
grep -q "NO CONSENSUS" out.txt || fail "GGE5 at b 0.5, will 4: expected no consensus"
grep -qE "^[A-Z]{3} blocks: .*objection comes from [a-z_]+" out.txt || fail "GGE5: no blocker sentence"
"$NORMSIM" data members --format csv >"$TMP/members.csv" || fail "data members"
for b in $(grep -oE "^[A-Z]{3} blocks" out.txt | cut -c1-3); do
    grep -E "GGE5" "$TMP/members.csv" | grep -q "$b" || fail "blocker $b is not a GGE5 member"
done
grep -q "^data .*seed 1" out.txt || fail "provenance line (data, seed)"
grep -q "4 replicates" out.txt || fail "replicates not printed"

# Default parameters: runs and explains (adopted or not).
expect_exit 0 "GGE5 default explain" "" -- "$NORMSIM" negotiate --wide --body GGE5 --runs 3 --explain
grep -qE "^(The report is adopted|No consensus)" out.txt || fail "default explain sentence"

# csv: one row per mandated paragraph (nine), the documented columns, deterministic.
expect_exit 0 "csv" "" -- "$NORMSIM" negotiate --body GGE3 --runs 5 --seed 9 --format csv
cp out.txt "$TMP/a.csv"
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
# Long lists are whole: at almost no will, over a hundred of the 193 object to every
# paragraph (objections over 2,000 characters, which a fixed buffer once cut short); each
# objector has its objection, and the coalition is the whole body.
expect_exit 0 "GM long lists" "" -- "$NORMSIM" negotiate --body GM --runs 1 --param will_scale=0.001 --param forum_shopping=0.25 --param summary_available=0 --format csv
python3 - out.txt <<'PY' || fail "GM: a list cut short"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert max(len(r["objections"]) for r in rows) > 2048, "lists too short to test"
for r in rows:
    who = r["objectors"].split()
    assert [o.split(":")[0] for o in r["objections"].split(";")] == who, r["paragraph"]
    assert len(r["coalition"].split(";")) == 193 and r["outvoted"] == ""
PY

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
expect_exit 0 "solo" "" -- "$NORMSIM" negotiate --body SOLO --scenario "$TMP/solo.yaml" --runs 3 --format csv
python3 - out.txt <<'PY' || fail "solo body: text is not the state's ideal"
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
    expect_exit 0 "example $f" "" -- "$NORMSIM" negotiate --body $body --scenario "$SRC/examples/$f.yaml" --runs 2
done
grep -q "summary for this body: not available" out.txt || fail "oewg1_no_summary: summary still available"
"$NORMSIM" negotiate --body GGE5 --scenario "$SRC/examples/gge5_15_members.yaml" --runs 2 | grep -q "15 members (rotation)" || fail "15 members"
[ "$("$NORMSIM" negotiate --body GGE5 --scenario "$SRC/examples/gge5_no_self_defence.yaml" --runs 2 --format csv | tail -n +2 | wc -l)" = 7 ] || fail "7 paragraphs without self_defence and countermeasures"

# Errors: exit 2 for bad usage and bad input.
expect_exit 2 "no --body" "" -- "$NORMSIM" negotiate
expect_exit 2 "unknown body" "" -- "$NORMSIM" negotiate --body GGE9
grep -q "GGE9" err.txt || fail "unknown body not named"
expect_exit 2 "year before the positions" "" -- "$NORMSIM" negotiate --body GGE5 --year 1990 --runs 2
expect_exit 2 "year not a number" "" -- "$NORMSIM" negotiate --body GGE5 --year 20x6
expect_exit 2 "year out of range" "" -- "$NORMSIM" negotiate --body GGE5 --year 3000
expect_exit 2 "runs 0" "" -- "$NORMSIM" negotiate --body GGE5 --runs 0
expect_exit 2 "bad seed" "" -- "$NORMSIM" negotiate --body GGE5 --seed -3
expect_exit 2 "bad param" "" -- "$NORMSIM" negotiate --body GGE5 --param will_scale
expect_exit 2 "param out of range" "" -- "$NORMSIM" negotiate --body GGE5 --param forum_shopping=2
grep -q "forum_shopping" err.txt || fail "range error does not name the parameter"
expect_exit 2 "General Assembly" "" -- "$NORMSIM" negotiate --body GA
expect_exit 2 "unknown option" "" -- "$NORMSIM" negotiate --body GGE5 --bogus
expect_exit 2 "missing scenario" "" -- "$NORMSIM" negotiate --body GGE5 --scenario "$TMP/nope.yaml"
printf 'normsim: 1\nbase: un\nparameters: { will_scale: [1, 2\n' >"$TMP/broken.yaml"
expect_exit 2 "broken YAML" "" -- "$NORMSIM" negotiate --body GGE5 --scenario "$TMP/broken.yaml"
grep -q "broken.yaml:" err.txt || fail "YAML error without its place"
printf 'normsim: 1\nbase: un\nparameters:\n  persuasion: 3\n' >"$TMP/range.yaml"
expect_exit 2 "scenario parameter out of range" "" -- "$NORMSIM" negotiate --body GGE5 --scenario "$TMP/range.yaml"
printf 'normsim: 1\nbase: un\nparameters:\n  summary_available.NOPE: 0\n' >"$TMP/nobody.yaml"
expect_exit 2 "summary switch for no body" "" -- "$NORMSIM" negotiate --body GGE5 --scenario "$TMP/nobody.yaml"
printf 'normsim: 1\nbase: un\nbodies:\n  - { id: TINY, membership: rotation, seats: 3, start_year: 2016, mandate: [ihl] }\n' >"$TMP/tiny.yaml"
expect_exit 2 "rotation with 3 seats" "" -- "$NORMSIM" negotiate --body TINY --scenario "$TMP/tiny.yaml"
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
expect_exit 0 "pair, one draft" "" -- "$NORMSIM" negotiate --body PAIR --scenario "$TMP/pair.yaml" --runs 3 --format csv
python3 - out.txt <<'PY' || fail "pair, one draft: expected a failure"
import csv, sys
r = list(csv.DictReader(open(sys.argv[1])))[0]
assert r["adopted"] == "no" and float(r["p"]) == 0.0 and r["rounds"] == "1", r
PY
expect_exit 0 "pair, cohesion" "" -- "$NORMSIM" negotiate --body PAIR --scenario "$TMP/pair.yaml" --runs 3 --format csv --param rounds=3 --param cohesion.NATO=1
python3 - out.txt <<'PY' || fail "pair with NATO cohesion 1: expected adoption at 50 in round 2"
import csv, sys
r = list(csv.DictReader(open(sys.argv[1])))[0]
assert r["adopted"] == "yes" and r["rounds"] == "2" and r["max_rounds"] == "3", r
assert abs(float(r["text"]) - 50) < 1e-6 and float(r["p"]) == 1.0, r
PY
expect_exit 0 "pair, explain" "" -- "$NORMSIM" negotiate --wide --body PAIR --scenario "$TMP/pair.yaml" --runs 3 --param rounds=3 --param cohesion.NATO=1 --explain
grep -q "^  round 1: no consensus, blocked by " out.txt || fail "pair: round 1 not told"
grep -q "the NATO camp closed ranks (its 2 seated members moved 30 points on average)" out.txt || fail "pair: NATO move not told (each moves 30)"
grep -q "^  round 2: adopted" out.txt || fail "pair: round 2 not adopted"
grep -q "drafts adopted in round 1: 0, in round 2: 3, in round 3: 0 (of 3 draws)" out.txt || fail "pair: Monte Carlo rounds"

# One round and no cohesion are the single-shot negotiation, byte for byte.
"$NORMSIM" negotiate --body GGE4 --runs 6 --format csv --param will_scale=5 >"$TMP/one.csv" || fail "GGE4 default"
"$NORMSIM" negotiate --body GGE4 --runs 6 --format csv --param will_scale=5 --param rounds=1 --param cohesion=0 >"$TMP/one_b.csv" || fail "GGE4 rounds=1"
cmp -s "$TMP/one.csv" "$TMP/one_b.csv" || fail "rounds=1 cohesion=0 differs from the default"

# The 2017 group over three drafts: the story names blockers that are GGE5 members.
expect_exit 0 "GGE5 rounds" "" -- "$NORMSIM" negotiate --wide --body GGE5 --param forum_shopping=0.5 --param will_scale=4 --param rounds=3 --param cohesion=0.5 --runs 3 --explain
grep -q "^Drafting rounds (at most 3):" out.txt || fail "GGE5 rounds: no story"
grep -q "^drafting rounds: at most 3 (cohesion 0.5, dynamics none)" out.txt || fail "GGE5 rounds: process line"
for b in $(grep -oE "round 1: no consensus, blocked by .*" out.txt | grep -oE "[A-Z]{3} \(" | cut -c1-3); do
    grep -E "GGE5" "$TMP/members.csv" | grep -q "$b" || fail "round blocker $b is not a GGE5 member"
done

# Regional consultation: GGE6 (A/RES/73/266) hears the five organisations; GGE5 does not.
"$NORMSIM" negotiate --wide --body GGE6 --runs 2 >"$TMP/g6" || fail "GGE6"
grep -q "regional organisations: AU EU OAS OSCE ARF consulted, regional_persuasion 0$" "$TMP/g6" || fail "GGE6 not consulting"
# With the default pull 0 the regional channel changes nothing: GGE6's csv is the same
# with the channel switched off.
"$NORMSIM" negotiate --body GGE6 --runs 3 --format csv | cut -d, -f1-25 >"$TMP/g6a.csv" || fail "GGE6 csv"
"$NORMSIM" negotiate --body GGE6 --runs 3 --format csv --param consult_regional.GGE6=0 | cut -d, -f1-25 >"$TMP/g6b.csv" || fail "GGE6 csv off"
cmp -s "$TMP/g6a.csv" "$TMP/g6b.csv" || fail "regional_persuasion 0 changed GGE6"
"$NORMSIM" negotiate --wide --body GGE5 --runs 2 | grep -q "regional organisations: not consulted" || fail "GGE5 consulting"
"$NORMSIM" negotiate --wide --body GGE5 --runs 2 --param consult_regional.GGE5=1 | grep -q "ARF consulted" || fail "consult_regional.GGE5"
for f in gge5_camp_cohesion gge6_regional; do
    body=GGE5
    [ "$f" = gge6_regional ] && body=GGE6
    expect_exit 0 "example $f" "" -- "$NORMSIM" negotiate --body $body --scenario "$SRC/examples/$f.yaml" --runs 2 --explain
done
grep -q "consulted, regional_persuasion 0.3" out.txt || fail "gge6_regional: persuasion 0.3"

# Round parameters out of range: exit 2, the key named.
for kv in rounds=0 rounds=1.5 rounds=21 cohesion=2 cohesion.WARSAW=1 cohesion.NATO=-1 dynamics=2 \
    regional_persuasion=1.5 consult_regional=3 consult_regional.GGE9=1; do
    expect_exit 2 "param $kv" "" -- "$NORMSIM" negotiate --body GGE5 --runs 2 --param "$kv"
    grep -q "${kv%%=*}" err.txt || fail "param $kv: error does not name the key"
done
"$NORMSIM" help negotiate | grep -q -- "--explain" || fail "help negotiate"
"$NORMSIM" help negotiate | grep -q -- "cohesion.CAMP" || fail "help negotiate: cohesion"

# ---- Bodies deciding by k of n or weighted QMV (docs/PROCESS.md section 11) ----------------
# 2 of 3 worked by hand (the unit test test_k_of_n_two_of_three says how): q = 50, b = 1,
# no will, no summary, capability 0.5 each: TUR at 20 accepts [5, 35], NOR at 30 [20, 40],
# BRA at 90 [70, 100]. Consensus fails; 2 of 3 adopts the TUR-NOR compromise 27.5 (their
# Nash product (35 - y)(y - 20)) and BRA, 17.5 short, is outvoted.
cat >"$TMP/k23.yaml" <<'YAML'
normsim: 1
base: un
parameters: { forum_shopping: 1, will_scale: 0, summary_available: 0 }
states:
  - { iso3: TUR, capability: 0.5, positions: { sovereignty: { x: 20, sd: 0, salience: 1 } } }
  - { iso3: NOR, capability: 0.5, positions: { sovereignty: { x: 30, sd: 0, salience: 1 } } }
  - { iso3: BRA, capability: 0.5, positions: { sovereignty: { x: 90, sd: 0, salience: 1 } } }
bodies:
  - { id: K2, membership: list, members: [TUR, NOR, BRA], decision: k_of_n, k: 2, mandate: [sovereignty], start_year: 2004, end_year: 2005 }
  - { id: K3, membership: list, members: [TUR, NOR, BRA], decision: k_of_n, k: 3, mandate: [sovereignty], start_year: 2004, end_year: 2005 }
  - { id: C3, membership: list, members: [TUR, NOR, BRA], mandate: [sovereignty], start_year: 2004, end_year: 2005 }
YAML
expect_exit 0 "2 of 3" "" -- "$NORMSIM" negotiate --body K2 --scenario "$TMP/k23.yaml" --runs 3 --format csv
python3 - out.txt <<'PY' || fail "2 of 3: expected the TUR-NOR compromise 27.5, BRA outvoted"
import csv, sys
r = list(csv.DictReader(open(sys.argv[1])))[0]
assert r["adopted"] == "yes" and abs(float(r["text"]) - 27.5) < 1e-4, r
assert r["decision"] == "k_of_n" and r["k"] == "2", r
assert set(r["coalition"].split(";")) == {"TUR", "NOR"} and r["outvoted"] == "BRA", r
assert float(r["p"]) == 1.0, r
PY
expect_exit 0 "2 of 3 explain" "" -- "$NORMSIM" negotiate --wide --body K2 --scenario "$TMP/k23.yaml" --runs 3 --explain
grep -q "^decision rule: k_of_n, 2 of the 3 members" out.txt || fail "2 of 3: rule line"
grep -q "REPORT ADOPTED by a coalition of 2 of 3 members.*outvoted: BRA" out.txt || fail "2 of 3: verdict line"
grep -q "BRA outvoted: at the best draft of the coalition of 3 it was 17.5 short of accepting" out.txt || fail "2 of 3: --explain does not say why BRA was outvoted"
grep -q "its margin is -42.5 (it would have blocked under consensus)" out.txt || fail "2 of 3: BRA's margin at the text (20 - 62.5)"
# k = n is consensus: the same csv as the consensus body, column for column, but for the
# body's id and the rule's own columns.
"$NORMSIM" negotiate --body K3 --scenario "$TMP/k23.yaml" --runs 3 --format csv | cut -d, -f2-26 >"$TMP/k3.csv" || fail "k = n"
"$NORMSIM" negotiate --body C3 --scenario "$TMP/k23.yaml" --runs 3 --format csv | cut -d, -f2-26 >"$TMP/c3.csv" || fail "consensus C3"
cmp -s "$TMP/k3.csv" "$TMP/c3.csv" || fail "k = n differs from consensus"
grep -q ",no," "$TMP/c3.csv" || fail "C3 by consensus should fail"

# The example: the 2016-17 group's 25 members deciding by 20 of 25 at b = 0.5, will 4
# (where consensus fails): a coalition of at least 20 of the recorded members, the others
# outvoted.
expect_exit 0 "example custom_k_of_n" "" -- "$NORMSIM" negotiate --body K20 --scenario "$SRC/examples/custom_k_of_n.yaml" --runs 4 --format csv
python3 - out.txt "$TMP/members.csv" <<'PY' || fail "custom_k_of_n: coalition and outvoted"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
gge5 = {r[3] for r in csv.reader(open(sys.argv[2])) if r and r[0] == "GGE5"}
assert len(gge5) == 25, gge5
r = rows[0]
coal = set(r["coalition"].split(";"))
out = set(r["outvoted"].split(";")) - {""}
assert len(rows) == 9 and r["decision"] == "k_of_n" and r["k"] == "20", r
assert coal | out == gge5 and not (coal & out) and len(coal) >= 20, (coal, out)
if r["adopted"] == "no":
    assert len(coal) == 20
PY
expect_exit 0 "example custom_k_of_n explain" "" -- "$NORMSIM" negotiate --wide --body K20 --scenario "$SRC/examples/custom_k_of_n.yaml" --runs 2 --explain
grep -qE "^Decision rule: k of n; a report needs 20 of the 25 members" out.txt || fail "custom_k_of_n: rule sentence"
# Same seed, same answer.
"$NORMSIM" negotiate --body K20 --scenario "$SRC/examples/custom_k_of_n.yaml" --runs 4 --seed 5 --format csv >"$TMP/a_k20.csv"
"$NORMSIM" negotiate --body K20 --scenario "$SRC/examples/custom_k_of_n.yaml" --runs 4 --seed 5 --format csv | cmp -s - "$TMP/a_k20.csv" || fail "custom_k_of_n: same seed, different output"

# Weighted QMV where one heavy member alone blocks (worked by hand in the unit test
# test_qmv_heavy_member_blocks): USA 0.6 at 90, TUR and NOR 0.2 at 20 and 30, threshold
# 0.65: USA is in every winning coalition and accepts only [74, 106].
cat >"$TMP/qmv.yaml" <<'YAML'
normsim: 1
base: un
parameters: { forum_shopping: 1, will_scale: 0, summary_available: 0, qmv_threshold.Q: 0.65 }
states:
  - { iso3: USA, capability: 0.6, positions: { sovereignty: { x: 90, sd: 0, salience: 1 } } }
  - { iso3: TUR, capability: 0.2, positions: { sovereignty: { x: 20, sd: 0, salience: 1 } } }
  - { iso3: NOR, capability: 0.2, positions: { sovereignty: { x: 30, sd: 0, salience: 1 } } }
bodies:
  - { id: Q, membership: list, members: [USA, TUR, NOR], decision: weighted_qmv, mandate: [sovereignty], start_year: 2004, end_year: 2005 }
YAML
expect_exit 0 "QMV heavy member" "" -- "$NORMSIM" negotiate --wide --body Q --scenario "$TMP/qmv.yaml" --runs 2 --explain
grep -q "NO WINNING COALITION FOUND" out.txt || fail "QMV: the heavy member should block"
grep -q "not a proof" out.txt || fail "QMV: the verdict must say it is the heuristic's"
grep -qE "^USA +14 " out.txt || fail "QMV: USA among the last coalition's blockers, 14 short"
expect_exit 0 "QMV one weight each" "" -- "$NORMSIM" negotiate --body Q --scenario "$TMP/qmv.yaml" --runs 2 --param qmv_weights.Q=0 --format csv
python3 - out.txt <<'PY' || fail "QMV with one weight each: USA outvoted"
import csv, sys
r = list(csv.DictReader(open(sys.argv[1])))[0]
assert r["adopted"] == "yes" and r["outvoted"] == "USA" and r["qmv_threshold"] == "0.65", r
assert 14 - 1e-6 <= float(r["text"]) <= 44 + 1e-6, r
PY

# Errors: exit 2, the field named.
for kv in qmv_threshold.Q=1.5 qmv_threshold.Q=0 qmv_weights.Q=2; do
    expect_exit 2 "param $kv" "" -- "$NORMSIM" negotiate --body Q --scenario "$TMP/qmv.yaml" --runs 2 --param "$kv"
    grep -q "${kv%%=*}" err.txt || fail "param $kv: error does not name the key"
done
printf 'normsim: 1\nbase: un\nbodies:\n  - { id: KZ, members: [TUR, NOR], decision: k_of_n, k: 0, mandate: [ihl], start_year: 2016 }\n' >"$TMP/k0.yaml"
expect_exit 2 "k = 0" "" -- "$NORMSIM" negotiate --body KZ --scenario "$TMP/k0.yaml" --runs 2
grep -q "bodies\[KZ\]\.k" err.txt || fail "k = 0: field not named"
printf 'normsim: 1\nbase: un\nbodies:\n  - { id: KB, members: [TUR, NOR], decision: k_of_n, k: 3, mandate: [ihl], start_year: 2016 }\n' >"$TMP/kbig.yaml"
expect_exit 2 "k > n in the file" "" -- "$NORMSIM" negotiate --body KB --scenario "$TMP/kbig.yaml" --runs 2
grep -q "bodies\[KB\]\.k" err.txt || fail "k > n: field not named"
# South Sudan joined the UN in 2011: in 2004 the body seats 2, fewer than k = 3.
printf 'normsim: 1\nbase: un\nbodies:\n  - { id: KS, members: [TUR, NOR, SSD], decision: k_of_n, k: 3, mandate: [ihl], start_year: 2004 }\n' >"$TMP/kssd.yaml"
expect_exit 2 "k > members seated" "" -- "$NORMSIM" negotiate --body KS --scenario "$TMP/kssd.yaml" --runs 2
grep -q "bodies\[KS\]\.k: .*1\.\.2" err.txt || fail "k > members seated: field and range not named"
printf 'normsim: 1\nbase: un\nbodies:\n  - { id: MAJ, members: [TUR, NOR], decision: majority, mandate: [ihl], start_year: 2016 }\n' >"$TMP/maj.yaml"
expect_exit 2 "majority body" "" -- "$NORMSIM" negotiate --body MAJ --scenario "$TMP/maj.yaml" --runs 2
"$NORMSIM" help negotiate | grep -q -- "qmv_threshold.BODY" || fail "help negotiate: qmv_threshold"
# Per-body keys must name a body, checked before any work.
expect_exit 2 "qmv_threshold of no body" "" -- "$NORMSIM" negotiate --body GGE5 --param qmv_threshold.NOPE=0.5 --runs 2
grep -q "qmv_threshold.NOPE.*names no body" err.txt || fail "qmv_threshold.NOPE: not named"
expect_exit 2 "qmv_weights of no body" "" -- "$NORMSIM" negotiate --body GGE5 --param qmv_weights.NOPE=0 --runs 2
grep -q "qmv_weights.NOPE.*names no body" err.txt || fail "qmv_weights.NOPE: not named"

exit $fail
