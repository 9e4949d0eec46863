#!/usr/bin/env bash
# normsim data: row counts in csv (193 states, 115 GGE member rows: data/README.md),
# participation (6 states in all six GGEs, 44 distinct: counted from gge_members.csv here
# with awk, independently of the program), json that parses, and the usage errors.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
NORMSIM=${NORMSIM:?set NORMSIM to the normsim binary}
SRC=${NS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
. "$(dirname "$0")/lib.sh"
fail=0
cd "$TMP" || exit 1 # expect_exit writes out.txt and err.txt here

# rows CMD...: number of data rows of a csv output (header excluded), parsed as CSV.
rows() {
    "$NORMSIM" "$@" --format csv >"$TMP/out.csv" 2>"$TMP/err" || { echo "exit $?"; return; }
    python3 -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1])))) - 1)' "$TMP/out.csv"
}

[ "$(rows data states)" = 193 ] || fail "data states: $(rows data states) rows, want 193"
[ "$(rows data members)" = 115 ] || fail "data members: $(rows data members) rows, want 115"
[ "$(rows data votes)" = 1598 ] || fail "data votes: want 1598 rows"
[ "$(rows data resolutions)" = 34 ] || fail "data resolutions: want 34 rows"
[ "$(rows data norms)" = 11 ] || fail "data norms: want 11 rows"
[ "$(rows data votes --resolution A/RES/73/27)" = 179 ] || fail "votes of 73/27: want 119+46+14"
# --verified yes keeps only 'yes' member rows: GGE3 15 + GGE4 20 + GGE6 25 (data/README.md).
[ "$(rows data members --verified yes)" = 60 ] || fail "members --verified yes: want 60"

# Participation, computed here from the CSV text.
want_all6=$(awk -F, 'NR > 1 && $1 ~ /^GGE[1-6]$/ { n[$3]++ } END { c = 0; for (s in n) if (n[s] == 6) c++; print c }' "$SRC/data/gge_members.csv")
want_distinct=$(awk -F, 'NR > 1 && $1 ~ /^GGE[1-6]$/ { n[$3]++ } END { c = 0; for (s in n) c++; print c }' "$SRC/data/gge_members.csv")
[ "$want_all6" = 6 ] && [ "$want_distinct" = 44 ] || fail "awk count of the data changed: $want_all6 $want_distinct"
expect_exit 0 "participation csv" "" -- "$NORMSIM" data participation --format csv
cp out.txt "$TMP/p.csv"
# Columns table,body,un_group,groups_served,measure,count,paper,unverified: one type each.
head -1 "$TMP/p.csv" | grep -qx "table,body,un_group,groups_served,measure,count,paper,unverified" || fail "participation csv header: $(head -1 "$TMP/p.csv")"
grep -qx "counts,,,6,states,$want_all6,6,yes" "$TMP/p.csv" || fail "participation csv: no row with $want_all6 states in six groups"
grep -qx "totals,,,,distinct_states,$want_distinct,40,yes" "$TMP/p.csv" || fail "participation csv: distinct states"
grep -qx "totals,,,,seats,115,109,yes" "$TMP/p.csv" || fail "participation csv: seats 115 vs the paper's 109"
grep -qx "seats,GGE1,AFR,,seats,2,,yes" "$TMP/p.csv" || fail "participation csv: GGE1's African seats"
# Numeric columns hold numbers only (or nothing); body holds single GGE ids only.
awk -F, 'NR > 1 && ($4 !~ /^[0-9]*$/ || $6 !~ /^[0-9]+$/ || $7 !~ /^[0-9]*$/ || $2 !~ /^(GGE[1-6])?$/) { bad = 1 } END { exit bad }' "$TMP/p.csv" || fail "participation csv: a column mixes types"
# The seats part adds up to each group's size.
for g in 1:15 2:15 3:15 4:20 5:25 6:25; do
    sum=$(awk -F, -v b="GGE${g%%:*}" '$1 == "seats" && $2 == b { s += $6 } END { print s }' "$TMP/p.csv")
    [ "$sum" = "${g##*:}" ] || fail "seats of GGE${g%%:*} sum to $sum"
done
python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1]))); assert len({len(x) for x in r}) == 1' "$TMP/p.csv" || fail "participation csv is not rectangular"
expect_exit 0 "participation table" "" -- "$NORMSIM" data participation
cp out.txt "$TMP/p.txt"
grep -q "RECORDED DATA" "$TMP/p.txt" || fail "participation table has no RECORDED DATA title"
grep -q "109" "$TMP/p.txt" && grep -q "115" "$TMP/p.txt" || fail "participation note on 109 vs 115 seats missing"
grep -Eq "^ +6 +6 +6 +\*" "$TMP/p.txt" || fail "participation table: 6 in all six (marked unverified)"
"$NORMSIM" data participation --part seats --format csv | grep -q '^counts' && fail "--part seats still prints counts"

# JSON parses, for every table.
for t in states bodies members resolutions votes norms participation; do
    "$NORMSIM" data "$t" --format json | python3 -c 'import json,sys; json.load(sys.stdin)' || fail "data $t json does not parse"
done

# Usage errors exit 2 with a message.
expect_exit 2 "unknown subcommand" "" -- "$NORMSIM" data nonsense
grep -q "nonsense" err.txt || fail "unknown subcommand message does not name it"
expect_exit 2 "no table" "" -- "$NORMSIM" data
expect_exit 2 "bad --verified" "" -- "$NORMSIM" data states --verified maybe
expect_exit 2 "bad --part" "" -- "$NORMSIM" data participation --part both
expect_exit 2 "missing --data dir" "" -- "$NORMSIM" data states --data "$TMP/missing-dir"
grep -q "$TMP/missing-dir" err.txt || fail "missing --data dir: message does not name it: $(cat err.txt)"
# A broken file in --data exits 2 naming file:line.
mkdir "$TMP/d" && cp "$SRC"/data/*.csv "$TMP/d/"
cp "$SRC/tests/data/csv/gdp_bad_year.csv" "$TMP/d/gdp.csv"
expect_exit 2 "broken --data" "" -- "$NORMSIM" data states --data "$TMP/d"
grep -q "gdp.csv:4:5: year:" err.txt || fail "broken --data message: $(cat err.txt)"
"$NORMSIM" help data | grep -q "participation" || fail "help data lacks participation"

exit $fail
