#!/bin/bash
# normsim diffuse end to end: curves, csv shape, scenario options, calibration with
# held-out years, and every error path with its exit code.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
NORMSIM=${NORMSIM:?NORMSIM must name the binary}
# The command is wired into main.c by the lead; skip until it is.
if ! "$NORMSIM" help diffuse >/dev/null 2>&1; then
    echo "diffuse is not wired into this normsim yet"; exit 77
fi
RUNS=200
[ "${NS_SANITIZE:-0}" = 1 ] && RUNS=20
# The adoption series of the fit-file checks below (an absolute path: the test cds).
EV=${NS_SOURCE_DIR:-.}/examples/events/national_positions.csv
[ -f "$EV" ] || EV=$(dirname "$0")/../../examples/events/national_positions.csv
EV=$(realpath -m "$EV")
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
cd "$tmp" || exit 1 # expect_exit writes out.txt and err.txt here

# All 11 norms from 2015: csv has one row per norm (11), group (6) and year (16).
expect_exit 0 "default csv" "" -- "$NORMSIM" diffuse --runs $RUNS --format csv
head -1 out.txt | grep -q '^norm,group,year,states,endorsed,endorsed_lo,endorsed_hi'; check "csv header" $?
[ "$(tail -n +2 out.txt | wc -l)" -eq 1056 ]; check "csv rows = 11 x 6 x 16" $?
cut -d, -f3 out.txt | sort -u | head -1 | grep -q 2015 && cut -d, -f3 out.txt | sort -u | grep -v year | tail -1 | grep -q 2030; check "first year 2015, last 2030" $?
# Entry: the 20 members of the 2014-15 GGE endorse in 2015 in every run (band 20..20).
grep -q '^2015a,all,2015,193,20,20,20,' out.txt; check "entry = GGE4 members" $?
# Invariants on every row: lo <= mean <= hi; implemented <= endorsed; groups sum to all.
tail -n +2 out.txt | awk -F, '{ if ($6 > $5+1e-9 || $5 > $7+1e-9 || $9 > $8+1e-9 || $8 > $10+1e-9 || $8 > $5+1e-9) bad=1 } END { exit bad }'; check "bands ordered" $?
tail -n +2 out.txt | awk -F, '$2=="all" { a[$1$3]=$5 } $2!="all" { s[$1$3]+=$5 } END { for (k in a) if ((a[k]-s[k])^2 > 0.01) bad=1; exit bad }'; check "groups sum to all" $?
# Monotone on average without dis-adoption: the mean never falls from one year to the next.
tail -n +2 out.txt | awk -F, '{ k=$1$2; if (k in last && $5 < last[k]-1e-9) bad=1; last[k]=$5 } END { exit bad }'; check "mean endorsed monotone" $?

# Same seed, same output; json parses.
"$NORMSIM" diffuse --norm 2015c --runs 50 --seed 9 --format csv >"$tmp/a"
"$NORMSIM" diffuse --norm 2015c --runs 50 --seed 9 --format csv >"$tmp/b"
cmp -s "$tmp/a" "$tmp/b"; check "deterministic" $?
expect_exit 0 "json" "" -- "$NORMSIM" diffuse --norm 2015c --runs 20 --format json --group WEOG
python3 -c 'import json,sys; d=json.load(open("out.txt")); assert len(d)==16 and d[0]["group"]=="WEOG"'; check "json array" $?

# Capacity building for developing states raises implementation (common random numbers).
"$NORMSIM" diffuse --norm 2015a --runs $RUNS --group all --format csv >"$tmp/base"
"$NORMSIM" diffuse --norm 2015a --runs $RUNS --group all --format csv --capacity-building developing >"$tmp/cb"
[ "$(awk -F, '$3==2030{print $8}' "$tmp/cb" | cut -d. -f1)" -gt "$(awk -F, '$3==2030{print $8}' "$tmp/base" | cut -d. -f1)" ]; check "capacity building raises implementation in 2030" $?
expect_exit 0 "mandate" "" -- "$NORMSIM" diffuse --norm 2015a --runs 20 --mandate implementation --channel regional

# Instrument with observed data.
expect_exit 0 "instrument" "" -- "$NORMSIM" diffuse --instrument national_position_il_cyber --years 2016..2024 --runs 20 --group all --format csv
grep -q ',2024,.*,25$' out.txt; check "observed 25 in 2024" $?

# Calibration: every shipped series fits and reports held-out years.
for s in budapest_convention paris_call national_position_il_cyber; do
    expect_exit 0 "fit $s" "" -- "$NORMSIM" diffuse --fit $s --format csv
    grep -q ',yes$' out.txt; check "fit $s has held-out years" $?
    grep -q ',no$' out.txt; check "fit $s has fit years" $?
done
expect_exit 0 "fit table" "" -- "$NORMSIM" diffuse --fit budapest_convention
grep -q 'held_out_log_likelihood' out.txt && grep -q '46 adopters (18 exact, 28 interval-censored)' out.txt; check "fit summary" $?
expect_exit 0 "fit single-year series" "" -- "$NORMSIM" diffuse --fit un_cybercrime_convention

# Edge list: good file works; errors name file:line.
printf 'from,to,weight,layer\nFRA,DEU,2,cert\n' >"$tmp/good.csv"
expect_exit 0 "edges" "" -- "$NORMSIM" diffuse --norm 2015a --runs 10 --edges "$tmp/good.csv"
printf 'from,to,weight,layer\nFRA,DEU,2,cert\nFRA,XXX,1,cert\n' >"$tmp/bad.csv"
expect_exit 2 "edges unknown state" "" -- "$NORMSIM" diffuse --norm 2015a --runs 10 --edges "$tmp/bad.csv"
grep -q 'bad.csv:3:5: to:' err.txt; check "edges error place" $?
printf 'from,to,weight,layer\nFRA,DEU,-2,cert\n' >"$tmp/neg.csv"
expect_exit 2 "edges bad weight" "" -- "$NORMSIM" diffuse --norm 2015a --runs 10 --edges "$tmp/neg.csv"
grep -q 'neg.csv:2:9: weight:' err.txt; check "weight error place" $?

# Usage and input errors: exit 2.
expect_exit 2 "unknown norm" "" -- "$NORMSIM" diffuse --norm 2099z
grep -q "no norm '2099z'" err.txt; check "unknown norm message" $?
expect_exit 2 "unknown instrument" "" -- "$NORMSIM" diffuse --instrument kyoto
grep -q 'budapest_convention:ratified' err.txt; check "unknown series lists known" $?
expect_exit 2 "unknown fit series" "" -- "$NORMSIM" diffuse --fit kyoto
expect_exit 2 "years reversed" "" -- "$NORMSIM" diffuse --years 2030..2015
expect_exit 2 "years text" "" -- "$NORMSIM" diffuse --years soon
expect_exit 2 "years range" "" -- "$NORMSIM" diffuse --years 1800..1810
expect_exit 2 "runs zero" "" -- "$NORMSIM" diffuse --runs 0
expect_exit 2 "runs text" "" -- "$NORMSIM" diffuse --runs many
expect_exit 2 "both norm and instrument" "" -- "$NORMSIM" diffuse --norm 2015a --instrument paris_call
expect_exit 2 "bad option value" "" -- "$NORMSIM" diffuse --capacity-building everyone
expect_exit 2 "bad group" "" -- "$NORMSIM" diffuse --norm 2015a --runs 5 --group MARS
expect_exit 2 "unknown argument" "" -- "$NORMSIM" diffuse --colour red
expect_exit 2 "missing value" "" -- "$NORMSIM" diffuse --norm
expect_exit 2 "missing scenario" "" -- "$NORMSIM" diffuse --scenario "$tmp/none.yaml"

# --plot: figures written beside their data. Known answers: the curve of one norm is the
# "all" rows of the printed csv (same seed, same runs); the map's shares times the group
# sizes add up to the "all" row; the fit figure's csv is the --fit csv.
have_gp=0; command -v gnuplot >/dev/null && have_gp=1
"$NORMSIM" diffuse --norm 2015a --runs $RUNS --seed 3 --format csv >"$tmp/one.csv"
expect_exit 0 "plot curve" "" -- "$NORMSIM" diffuse --norm 2015a --runs $RUNS --seed 3 --plot "$tmp/fig"
expect_exit 0 "plot fit" "" -- "$NORMSIM" diffuse --fit national_position_il_cyber --plot "$tmp/fig"
"$NORMSIM" diffuse --fit national_position_il_cyber --format csv >"$tmp/fit.csv"
fit=fit-national_position_il_cyber-published
for f in diffusion-curve diffusion-map $fit; do
    [ -s "$tmp/fig/$f.csv" ] && grep -q '^EOD' "$tmp/fig/$f.gp"; check "$f.csv and .gp written" $?
    if [ $have_gp = 1 ]; then
        [ -s "$tmp/fig/$f.svg" ] && [ -s "$tmp/fig/$f.png" ]; check "$f.svg and .png drawn" $?
        python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$tmp/fig/$f.svg"; check "$f.svg well-formed" $?
    fi
done
grep -q 'set object 1 rect' "$tmp/fig/$fit.gp"; check "held-out years shaded" $?
grep -qE 'median tipping year|no tipping point' "$tmp/fig/diffusion-curve.gp"; check "tipping line or note" $?
python3 - "$tmp/fig" "$tmp/one.csv" "$tmp/fit.csv" "$fit" <<'PY' || fail "figure csv"
import csv, sys
d, one, fitcsv, fit = sys.argv[1:]
curve = list(csv.DictReader(open(f"{d}/diffusion-curve.csv")))
assert list(curve[0].keys()) == ["year", "endorsed", "endorsed_lo", "endorsed_hi", "implemented",
    "implemented_lo", "implemented_hi", "internalised", "internalised_lo", "internalised_hi",
    "items", "median_tipping_year"], list(curve[0].keys())
printed = [r for r in csv.DictReader(open(one)) if r["group"] == "all"]
assert len(curve) == len(printed) == 16
for c, p in zip(curve, printed):
    assert c["year"] == p["year"] and c["items"] == "1"
    for k in ("endorsed", "endorsed_lo", "implemented_hi", "internalised"):
        assert abs(float(c[k]) - float(p[k])) < 1e-3, (k, c, p)
    assert float(c["endorsed_lo"]) <= float(c["endorsed"]) <= float(c["endorsed_hi"])
    assert c["median_tipping_year"] == p["tipping_year"]
m = list(csv.DictReader(open(f"{d}/diffusion-map.csv")))
assert list(m[0].keys()) == ["group", "group_index", "year", "states", "endorsed_share", "implemented_share"]
assert len(m) == 5 * 16 and {r["group"] for r in m} == {"AFR", "APG", "EEG", "GRULAC", "WEOG"}
assert sum(int(r["states"]) for r in m if r["year"] == "2015") == 193
for c in curve:
    rows = [r for r in m if r["year"] == c["year"]]
    assert all(0 <= float(r["implemented_share"]) <= float(r["endorsed_share"]) + 1e-9 <= 1 + 1e-9 for r in rows)
    total = sum(float(r["implemented_share"]) * int(r["states"]) for r in rows)
    assert abs(total - float(c["implemented"])) < 0.01, (total, c)
f = list(csv.DictReader(open(f"{d}/{fit}.csv")))
g = list(csv.DictReader(open(fitcsv)))
assert list(f[0].keys()) == ["year", "observed", "observed_lo", "observed_hi", "predicted_full",
                             "predicted_train", "held_out"] and f == g
assert {r["held_out"] for r in f} == {"yes", "no"}
PY
# All 11 norms: drawn as their mean, said in the title.
expect_exit 0 "plot all norms" "" -- "$NORMSIM" diffuse --runs 20 --plot "$tmp/fig11" --format csv
grep -q 'mean of 11 norms' "$tmp/fig11/diffusion-curve.gp" && [ "$(tail -n +2 "$tmp/fig11/diffusion-curve.csv" | cut -d, -f11 | sort -u)" = 11 ]; check "mean of 11 norms" $?
# Without gnuplot: the data and scripts are written, exit 1 (as backtest votes --plot),
# and the message says the SVG/PNG were not drawn.
# (env sets PATH for normsim alone: expect_exit itself needs grep and cat.)
expect_exit 1 "no gnuplot: exit 1" "" -- env PATH=/nonexistent "$NORMSIM" diffuse --fit paris_call --plot "$tmp/nogp"
grep -q 'gnuplot was not found.*not drawn' err.txt; check "no gnuplot: message" $?
[ -s "$tmp/nogp/fit-paris_call-endorsed.csv" ] && [ -s "$tmp/nogp/fit-paris_call-endorsed.gp" ] && [ ! -e "$tmp/nogp/fit-paris_call-endorsed.svg" ]; check "no gnuplot: csv and gp kept, no svg" $?
: >"$tmp/afile"
expect_exit 1 "plot into a file" "" -- "$NORMSIM" diffuse --fit paris_call --plot "$tmp/afile/sub"
expect_exit 2 "plot missing value" "" -- "$NORMSIM" diffuse --fit paris_call --plot

# The fitted parameters and log-likelihoods in csv too (--fit --scores): one row per fit.
expect_exit 0 "fit scores csv" "" -- "$NORMSIM" diffuse --fit budapest_convention --scores --format csv
[ "$(head -1 out.txt)" = fit,first_year,last_year,spont_rate,spont_capacity,theta_median,log_likelihood,held_out_log_likelihood ]; check "fit scores header" $?
grep -q '^all_years,2001,2015,.*,-104\.[0-9]*,$' out.txt && grep -q '^first_two_thirds,2001,2010,.*,-57\.[0-9]*$' out.txt; check "fit scores rows" $?

# Any adoption series (issue 14 item 3): the done-when command prints the columns, the
# held-out years are those from --holdout-from, the band holds the mean, and the three
# models' errors are printed side by side.
expect_exit 0 "fit-file csv" "" -- "$NORMSIM" diffuse --fit-file "$EV" --holdout-from 2022 --runs 100 --format csv
[ "$(head -1 out.txt)" = year,observed,predicted,lo,hi,held_out ]; check "fit-file header" $?
[ "$(tail -n +2 out.txt | wc -l)" -eq 9 ] && [ "$(sed -n 2p out.txt | cut -d, -f1)" = 2016 ]; check "fit-file years 2016..2024" $?
awk -F, 'NR > 1 && (($1 >= 2022) != ($6 == "yes")) { bad = 1 } END { exit bad }' out.txt; check "fit-file held out from 2022" $?
awk -F, 'NR > 1 && ($4 > $3 || $3 > $5) { bad = 1 } END { exit bad }' out.txt; check "fit-file band holds the mean" $?
grep -q '^2024,25,' out.txt; check "fit-file observed 25 in 2024" $?
expect_exit 0 "fit-file scores csv" "" -- "$NORMSIM" diffuse --fit-file "$EV" --holdout-from 2022 --runs 100 --scores --format csv
python3 -c '
import csv, sys
rows = {r["model"]: r for r in csv.DictReader(open(sys.argv[1]))}
assert float(rows["diffusion"]["log_likelihood"]) < 0 and float(rows["diffusion"]["spont_capacity"]) > 0
assert rows["bass"]["bass_q"] and not rows["bass"]["logistic_k"] and 2016 < float(rows["logistic"]["logistic_t0"]) < 2040
' out.txt; check "fit-file scores: the parameters one per column" $?
expect_exit 0 "fit-file table" "" -- "$NORMSIM" diffuse --fit-file "$EV" --holdout-from 2022 --runs 100 --wide
grep -q '^diffusion ' out.txt && grep -q '^bass ' out.txt && grep -q '^logistic ' out.txt && grep -q held_out_rmse out.txt; check "three models side by side" $?
expect_exit 0 "fit-file scores csv" "" -- "$NORMSIM" diffuse --fit-file "$EV" --holdout-from 2022 --runs 100 --scores --format csv
head -1 out.txt | grep -q '^model,parameters,fit_rmse,held_out_years,held_out_rmse,held_out_mae,predicted_last,observed_last,spont_rate,spont_capacity,theta_median,log_likelihood,held_out_log_likelihood,bass_p,bass_q,bass_m,logistic_k,logistic_r,logistic_t0$'; check "scores header" $?
[ "$(tail -n +2 out.txt | cut -d, -f1 | tr '\n' ' ')" = 'diffusion bass logistic ' ]; check "scores rows" $?
expect_exit 0 "fit-file per state" "" -- "$NORMSIM" diffuse --fit-file "$EV" --holdout-from 2022 --runs 100 --per-state --format csv
[ "$(head -1 out.txt)" = iso3,adopted_year,p_by_end ]; check "per-state header" $?
[ "$(tail -n +2 out.txt | wc -l)" -eq 193 ]; check "per-state 193 members" $?
grep -q '^USA,2016,1$' out.txt; check "per-state: an adopter before 2022 has p 1" $?
awk -F, 'NR > 1 && ($3 < 0 || $3 > 1) { bad = 1 } END { exit bad }' out.txt; check "per-state: p in [0, 1]" $?
# Several events in one file: --event picks one (any case); the others still set the
# horizon (2004 here), and without --event the file is refused at the second event.
printf 'iso3,date,event\nFRA,2001,signed\nFRA,2003,ratified\nDEU,2001,signed\nITA,2002,ratified\nESP,2004,signed\n' >"$tmp/two.csv"
expect_exit 0 "fit-file --event" "" -- "$NORMSIM" diffuse --fit-file "$tmp/two.csv" --event Ratified --runs 20 --format csv
[ "$(cut -d, -f1,2 out.txt | tr '\n' ' ')" = 'year,observed 2002,1 2003,2 2004,2 ' ]; check "--event: ratified only, to 2004" $?
expect_exit 2 "fit-file two events" "" -- "$NORMSIM" diffuse --fit-file "$tmp/two.csv"
grep -q 'two.csv:3:10: event: the file holds several events (signed, ratified): choose one with --event' err.txt; check "two events message" $?
# Bad files and options: FILE:LINE:COL: field, exit 2.
printf 'iso3,date\nFRA,2001\nDEU,soon\n' >"$tmp/bad_date.csv"
expect_exit 2 "fit-file bad date" "" -- "$NORMSIM" diffuse --fit-file "$tmp/bad_date.csv"
grep -q 'bad_date.csv:3:5: date:' err.txt; check "bad date message" $?
printf 'iso3,date\nFRA,2001\nFRX,2002\n' >"$tmp/bad_state.csv"
expect_exit 2 "fit-file unknown state" "" -- "$NORMSIM" diffuse --fit-file "$tmp/bad_state.csv"
grep -q 'bad_state.csv:3:1: iso3: unknown state .FRX. (did you mean FRA (France)?)' err.txt; check "unknown state message" $?
printf 'state,when\nFRA,2001\n' >"$tmp/bad_header.csv"
expect_exit 2 "fit-file header" "" -- "$NORMSIM" diffuse --fit-file "$tmp/bad_header.csv"
grep -q 'bad_header.csv:1:.*header: needs the columns iso3 and date' err.txt; check "header message" $?
expect_exit 2 "fit-file missing" "" -- "$NORMSIM" diffuse --fit-file "$tmp/none.csv"
expect_exit 2 "fit-file holdout out of range" "" -- "$NORMSIM" diffuse --fit-file "$EV" --holdout-from 2030
expect_exit 2 "fit-file holdout not a year" "" -- "$NORMSIM" diffuse --fit-file "$EV" --holdout-from soon
expect_exit 2 "holdout without fit-file" "" -- "$NORMSIM" diffuse --holdout-from 2020
expect_exit 2 "fit-file with --norm" "" -- "$NORMSIM" diffuse --fit-file "$EV" --norm 2015a

# Names in any case (issue 14 item 7): a norm id and a series as people type them.
expect_exit 0 "norm in upper case" "" -- "$NORMSIM" diffuse --norm 2015F --runs 5 --format csv
[ "$(tail -n +2 out.txt | cut -d, -f1 | sort -u)" = 2015f ]; check "norm 2015F is 2015f" $?
expect_exit 0 "series in upper case" "" -- "$NORMSIM" diffuse --fit PARIS_CALL
head -1 out.txt | grep -q 'fit of paris_call:endorsed'; check "series named as the data spell it" $?

# No leaks on a full path and an error path (valgrind, when present and not under ASan).
if [ "${NS_SANITIZE:-0}" != 1 ] && command -v valgrind >/dev/null; then
    # The fit's path (4 s under valgrind) is checked by the sanitizer build, which runs
    # this whole test under AddressSanitizer and UndefinedBehaviorSanitizer.
    for args in "--norm 2015a --runs 5 --plot $tmp/vgfig" "--norm 2015a --runs 5 --edges $tmp/bad.csv"; do
        valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
            "$NORMSIM" diffuse $args >/dev/null 2>"$tmp/vg"
        [ $? -eq 99 ] && { fail "valgrind $args"; cat "$tmp/vg"; }
    done
fi
exit $fail
