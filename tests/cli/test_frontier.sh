#!/usr/bin/env bash
# normsim sweep --model frontier end to end on a small world (base: none, 12 states):
# the metrics stored, 1 thread == 2 threads, a body of everyone equal under both rules,
# the error paths with their exit codes (unknown body, body_size 0, membership 'x': 2;
# a rotation body smaller than the P5 and the chair, a base body the world lacks: 2,
# bad input found by the first replicate), and the report's figures.
set -u
. "$(dirname "$0")/lib.sh"
N=${NORMSIM:?NORMSIM must name the normsim binary}
T=$(mktemp -d /tmp/ns-test-frontier-XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
fail=0
{
    printf 'normsim: 1\nname: small frontier\nbase: none\nseed: 5\n'
    printf 'dimensions:\n  - {id: a}\n  - {id: b}\n'
    printf 'bodies:\n  - {id: GGE6, kind: gge, membership: list, chair: BRA, mandate: [a, b],\n'
    printf '     start_year: 2019, end_year: 2021, members: [USA, BRA]}\n'
    printf 'states:\n'
    i=0
    for s in USA:WEOG:true GBR:WEOG:true FRA:WEOG:true RUS:EEG:true CHN:APG:true \
             NGA:AFR:false KEN:AFR:false IND:APG:false POL:EEG:false BRA:GRULAC:false \
             MEX:GRULAC:false DEU:WEOG:false; do
        IFS=: read -r iso g p5 <<<"$s"
        x=$((15 + 6 * i)); i=$((i + 1))
        printf '  - {iso3: %s, group: %s, p5: %s, capability: 0.5,\n' "$iso" "$g" "$p5"
        printf '     positions: {a: {x: %d, sd: 6, salience: 0.6}, b: {x: %d, sd: 6, salience: 0.4}}}\n' \
            "$x" $((100 - x))
    done
} > small.yaml
SWEEP=(sweep small.yaml --model frontier --vary body_size=6,9,12 --vary membership=rotation,open
       --runs 30 --quiet)
"$N" "${SWEEP[@]}" --threads 1 -o one.sqlite >/dev/null || { echo "FAIL: sweep"; cat err.txt; exit 1; }
"$N" "${SWEEP[@]}" --threads 2 -o two.sqlite >/dev/null
"$N" export one.sqlite results -o one.csv
"$N" export two.sqlite results -o two.csv
cmp -s one.csv two.csv; check "1 thread == 2 threads (bytes)" $?
# 6 points x 30 runs x 8 metrics + header.
check "results have 1441 lines" "$([ "$(wc -l < one.csv)" -eq 1441 ]; echo $?)"
for m in adopted kept summary substance legitimacy worse_off expected_substance \
         expected_legitimacy; do
    grep -q ",$m," one.csv; check "metric $m stored" $?
done
# Points 4 (12, rotation) and 5 (12, open) seat all 12 states: same table, no
# stakeholder, common random numbers for positions -> every metric equal, replicate by
# replicate.
awk -F, '$1 == 4 { r[$2 "," $3] = $4 } $1 == 5 { o[$2 "," $3] = $4 }
         END { n = 0; for (k in r) { if (r[k] != o[k]) exit 1; n++ } exit n == 240 ? 0 : 1 }' \
    one.csv
check "a body of everyone: rotation == open" $?
# legitimacy and worse_off in [0, 1], substance in [0, 100] (NaN rows are empty cells).
awk -F, '($3 == "legitimacy" || $3 == "worse_off") && $4 != "" && ($4 < 0 || $4 > 1) { exit 1 }
         $3 == "substance" && $4 != "" && ($4 < 0 || $4 > 100) { exit 1 }' one.csv
check "metrics within their bounds" $?

# ---- Errors -------------------------------------------------------------------------------
expect_exit 2 "unknown body" "GGE9" -- "$N" sweep small.yaml --model frontier --vary body=GGE9 \
    --runs 1 --quiet -o e1.sqlite
expect_exit 2 "body_size 0" "body_size" -- "$N" sweep small.yaml --model frontier \
    --vary body_size=0 --runs 1 --quiet -o e2.sqlite
expect_exit 2 "membership x" "rotation or open" -- "$N" sweep small.yaml --model frontier \
    --vary membership=x --runs 1 --quiet -o e3.sqlite
expect_exit 2 "rotation below P5 and chair" "chair" -- "$N" sweep small.yaml --model frontier \
    --vary body_size=4 --runs 1 --quiet -o e4.sqlite
expect_exit 2 "a body the world lacks" "OEWG1" -- "$N" sweep small.yaml --model frontier \
    --vary body=OEWG1 --runs 1 --quiet -o e5.sqlite

# ---- The report: one figure per metric ----------------------------------------------------
if command -v gnuplot >/dev/null 2>&1; then
    "$N" report one.sqlite -o rep >/dev/null 2>err.txt; check "report" $?
    for m in adopted substance legitimacy; do
        [ -s "rep/fig-$m.png" ] && [ -s "rep/fig-$m.csv" ]; check "figure $m" $?
    done
else
    echo "skip: report figures (no gnuplot)"
fi
exit $fail
