#!/usr/bin/env bash
# normsim sweep --model negotiate | eum | diffuse end to end: the study is stored, reported
# and exported; each replicate equals the model's own command run with --seed S+r (a
# known answer from another code path); a run stopped and resumed, and two shards merged,
# give the bytes of one run; an unknown --vary key is a usage error naming the nearest.
set -u
. "$(dirname "$0")/lib.sh"
N=${NORMSIM:?NORMSIM must name the normsim binary}
TABLES=${NS_TEST_DATA:?NS_TEST_DATA must name tests/data}/tables
T=$(mktemp -d /tmp/ns-test-sweep-models-XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
fail=0

# The value of METRIC for point P, replicate R in a study's results.
value() { # value STUDY P R METRIC
    "$N" export "$1" results | awk -F, -v p="$2" -v r="$3" -v m="$4" \
        '$1 == p && $2 == r && $3 == m { print $4 }'
}
# Whether two numbers agree to the 4 significant digits the commands print.
same() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d;
    m = b < 0 ? -b : b; exit !(a != "" && b != "" && d <= 5e-4 * (m > 1 ? m : 1)) }'; }

# ---- negotiate ------------------------------------------------------------------------
"$N" sweep --model negotiate --vary body_size=15,25 --runs 20 -o s.sqlite --quiet > out.txt
check "negotiate sweep (issue's example)" $?
grep -q "2 points x 20 runs; 40 replicates stored" out.txt; check "40 replicates stored" $?
# 2 points x 20 replicates x 9 metrics + the header.
check "results: 361 lines" "$([ "$("$N" export s.sqlite results | wc -l)" -eq 361 ]; echo $?)"
check "15 members at body_size 15" "$([ "$(value s.sqlite 0 7 members)" = 15 ]; echo $?)"
"$N" report s.sqlite -o rep > /dev/null; check "report" $?
check "report has fig-p.csv" "$([ -s rep/fig-p.csv ]; echo $?)"
"$N" export s.sqlite summary > summary.csv; check "export summary" $?
grep -q "^1,25,adopted,20," summary.csv; check "summary has point 1's adopted" $?

# Known answer: replicate r at will_scale 0.5 (no report at the point estimates, some
# draws adopt) is `normsim negotiate --param will_scale=0.5 --runs 4 --seed 7+r`.
"$N" sweep --model negotiate --vary will_scale=1,0.5 --vary mc_runs=4 --runs 3 --seed 7 \
    -o k.sqlite --quiet > /dev/null
check "negotiate sweep with mc_runs" $?
for r in 0 1 2; do
    "$N" negotiate --body GGE5 --param will_scale=0.5 --runs 4 --seed $((7 + r)) --format csv \
        > neg.csv
    adopted=$(awk -F, 'NR == 2 { print ($11 == "yes") }' neg.csv)
    p=$(awk -F, 'NR == 2 { print $12 }' neg.csv)
    kept=$(awk -F, 'NR > 1 && $7 == "keep"' neg.csv | wc -l)
    summ=$(awk -F, 'NR > 1 && $7 == "summary"' neg.csv | wc -l)
    same "$(value k.sqlite 1 $r adopted)" "$adopted" &&
        same "$(value k.sqlite 1 $r p)" "$p" &&
        same "$(value k.sqlite 1 $r kept)" "$kept" &&
        same "$(value k.sqlite 1 $r summary)" "$summ"
    check "negotiate replicate $r == normsim negotiate --seed $((7 + r)) (p $p)" $?
done
# body_size is the scenario's seats under rotation.
printf 'normsim: 1\nname: g15\nbase: un\nseed: 1\nbodies:\n  - id: GGE5\n%s\n%s\n' \
    '    membership: rotation' '    seats: 15' > g15.yaml
"$N" negotiate --body GGE5 --scenario g15.yaml --param will_scale=0.5 --runs 4 --seed 9 \
    --format csv > neg15.csv
"$N" sweep --model negotiate --vary body_size=15 --vary will_scale=0.5 --vary mc_runs=4 \
    --runs 3 --seed 7 -o b.sqlite --quiet > /dev/null
same "$(value b.sqlite 0 2 p)" "$(awk -F, 'NR == 2 { print $12 }' neg15.csv)" &&
    same "$(value b.sqlite 0 2 members)" "$(awk -F, 'NR == 2 { print $4 }' neg15.csv)"
check "body_size 15 == a scenario's 15 rotating seats" $?

# Stopped after one batch, then resumed: nothing stored twice, the bytes of one run.
SMALL=(sweep --model negotiate --vary body_size=15,25 --vary will_scale=0.5 --vary mc_runs=2
    --runs 4 --quiet)
"$N" "${SMALL[@]}" -o ref.sqlite > /dev/null
"$N" "${SMALL[@]}" --batch 3 --stop-after 1 --threads 1 -o r.sqlite > /dev/null
check "stopped run keeps one batch" \
    "$([ "$("$N" export r.sqlite results | wc -l)" -eq $((3 * 9 + 1)) ]; echo $?)"
"$N" sweep --resume r.sqlite --quiet > /dev/null; check "resume" $?
cmp -s <("$N" export r.sqlite results) <("$N" export ref.sqlite results)
check "resumed == one run (bytes)" $?
twice=$("$N" export r.sqlite results | cut -d, -f1-3 | sort | uniq -d)
check "no row twice" "$([ -z "$twice" ]; echo $?)"
# Two shards merged.
for i in 0 1; do
    "$N" "${SMALL[@]}" --shard $i/2 -o sh$i.sqlite > /dev/null
done
"$N" merge m.sqlite sh1.sqlite sh0.sqlite > /dev/null; check "merge" $?
cmp -s <("$N" export m.sqlite results) <("$N" export ref.sqlite results)
check "2 shards merged == one run (bytes)" $?

# ---- A table model: eum ---------------------------------------------------------------
cp "$TABLES/ktab_dummydata_3dim.csv" t.csv
"$N" sweep --model eum --table t.csv --vary Q=0.5,0.9 --vary compromise=ratio,half --runs 1 \
    -o e.sqlite --quiet > /dev/null
check "eum sweep" $?
# 4 points x 1 replicate x (3 issues, rounds, converged: no mean_shift, as the table has no
# status quo) + the header.
check "eum results: 21 lines" "$([ "$("$N" export e.sqlite results | wc -l)" -eq 21 ]; echo $?)"
"$N" report e.sqlite -o erep > /dev/null; check "eum report" $?
ok=0
for p in 0 1 2 3; do
    q=$("$N" export e.sqlite points | awk -F, -v p=$p '$1 == p { print $2 }')
    c=$("$N" export e.sqlite points | awk -F, -v p=$p '$1 == p { print $3 }')
    "$N" forecast t.csv --model eum --param Q="$q" --param compromise="$c" --format csv > f.csv
    while IFS=, read -r issue forecast _; do
        same "$(value e.sqlite $p 0 "outcome.$issue")" "$forecast" || ok=1
    done < <(tail -n +2 f.csv)
    # The run's rounds: those of the issue that took most.
    same "$(value e.sqlite $p 0 rounds)" "$(tail -n +2 f.csv | cut -d, -f3 | sort -n | tail -1)" ||
        ok=1
done
check "eum outcome per issue == normsim forecast at each point" $ok
check "Q 0.9 moves Pstn3" "$(! same "$(value e.sqlite 2 0 outcome.Pstn3)" \
    "$(value e.sqlite 0 0 outcome.Pstn3)"; echo $?)"
# With noise: 1 thread == 2 threads, and a resume reads the table from the study even
# when the file is gone.
"$N" sweep --model eum --table t.csv --vary noise=0.05 --runs 30 --threads 1 -o n1.sqlite \
    --quiet > /dev/null
"$N" sweep --model eum --table t.csv --vary noise=0.05 --runs 30 --threads 2 --batch 4 \
    --stop-after 2 -o n2.sqlite --quiet > /dev/null
mv t.csv t-moved.csv
"$N" sweep --resume n2.sqlite --quiet > /dev/null; check "resume without the table file" $?
cmp -s <("$N" export n1.sqlite results) <("$N" export n2.sqlite results)
check "noise: 1 thread == 2 threads resumed (bytes)" $?
sd=$("$N" export n1.sqlite summary | awk -F, '$3 == "outcome.Pstn1" { print $6 }')
check "noise spreads the outcome (sd $sd)" "$(awk -v s="$sd" 'BEGIN { exit !(s > 0) }'; echo $?)"
mv t-moved.csv t.csv
expect_exit 2 "a table model without --table" "give one with --table" -- \
    "$N" sweep --model eum --vary Q=0.5 --runs 1 -o x.sqlite
expect_exit 2 "--table with a model that takes none" "takes no actor table" -- \
    "$N" sweep --model negotiate --table t.csv --vary will_scale=1 --runs 1 -o x.sqlite

# ---- diffuse ---------------------------------------------------------------------------
"$N" sweep --model diffuse --vary diffusion.theta_median=0.4,0.8 --runs 3 --seed 5 \
    -o d.sqlite --quiet > /dev/null
check "diffuse sweep" $?
printf 'normsim: 1\nname: d\nbase: un\nseed: 1\nparameters:\n  diffusion.theta_median: 0.8\n' \
    > d.yaml
"$N" diffuse --norm 2015a --runs 1 --seed 7 --scenario d.yaml --group all --format csv > d.csv
same "$(value d.sqlite 1 2 endorsed)" "$(tail -n 1 d.csv | cut -d, -f5)" &&
    same "$(value d.sqlite 1 2 implemented)" "$(tail -n 1 d.csv | cut -d, -f8)" &&
    same "$(value d.sqlite 1 2 year_half)" \
        "$(awk -F, 'NR > 1 && $5 >= $4 / 2 { print $3; exit }' d.csv)"
check "diffuse replicate 2 == normsim diffuse --seed 7" $?
# A metric no replicate defines (no tipping, nobody past half by 2017): the report draws
# the others and says so.
"$N" sweep --model diffuse --vary diffusion.theta_median=100 --vary last_year=2017 --runs 2 \
    -o dn.sqlite --quiet > /dev/null
"$N" report dn.sqlite -o drep > /dev/null; check "report with a metric never defined" $?
grep -q "year_half: not defined in any replicate" drep/index.html
check "the report says year_half was never defined" $?

# ---- Unknown keys: exit 2, the nearest names ---------------------------------------------
expect_exit 2 "negotiate: unknown --vary key" "did you mean 'will_scale'" -- \
    "$N" sweep --model negotiate --vary will_scal=1 --runs 1 -o x.sqlite
expect_exit 2 "eum: unknown --vary key" "did you mean 'Q'" -- \
    "$N" sweep --model eum --table t.csv --vary q=1 --runs 1 -o x.sqlite
expect_exit 2 "diffuse: unknown --vary key" "did you mean diffusion.theta_median" -- \
    "$N" sweep --model diffuse --vary theta_median=1 --runs 1 -o x.sqlite
expect_exit 2 "negotiate: a value out of the registry's range" "forum_shopping" -- \
    "$N" sweep --model negotiate --vary forum_shopping=2 --runs 1 -o x.sqlite
expect_exit 2 "negotiate: an enum value by name" "did you mean 'quadratic'" -- \
    "$N" sweep --model negotiate --vary loss=quadratc --runs 1 -o x.sqlite
check "no file left by refused sweeps" "$([ ! -e x.sqlite ]; echo $?)"
exit $fail
