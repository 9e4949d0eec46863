#!/usr/bin/env bash
# Writes what about 200 commands print (stdout, stderr and exit code, one file each) into
# OUTDIR, for checking that a change that should not change results does not:
#   scripts/snapshot_outputs.sh OLD_BINARY before/ && scripts/snapshot_outputs.sh \
#       NEW_BINARY after/ && diff -r before/ after/
# Run from anywhere; inputs are the repository's own tables and scenarios. Takes a few
# minutes (the history backtests dominate).
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
[ $# -eq 2 ] || { echo "usage: $0 NORMSIM_BINARY OUTDIR" >&2; exit 2; }
B=$(realpath "$1")
mkdir -p "$2"
O=$(realpath "$2")
cd "$(dirname "$0")/.." || exit 1
i=0
t() {
    i=$((i + 1))
    { "$B" "$@"; echo "exit=$?"; } >"$O/$(printf %03d $i).out" 2>&1
}
for f in table csv json; do
    t run --format $f
    t data states --format $f
    t data bodies --format $f
    t data resolutions --format $f
    t data votes --format $f
    t data participation --format $f
    t data positions --year 2017 --format $f
    t negotiate --body GGE5 --explain --format $f
    t negotiate --body GGE1 --format $f --param record=1
    t negotiate --body OEWG1 --format $f
    t vote --resolution A/RES/73/27 --format $f
    t vote --line developments --year 2019 --tally 129,6,45 --format $f
    t backtest votes --format $f
    t backtest history --format $f
    t backtest history --table forward --format $f
    t backtest history --table ablation --format $f
    t diffuse --format $f
    t diffuse --capacity-building developing --format $f
    t params --format $f
    t params process --format $f
    t models --format $f
done
for m in eum exchange compromise median nash smp; do
    for tb in tests/data/tables/*.csv; do t forecast "$tb" --model $m --format csv; done
done
for tb in tests/data/tables/*.csv; do
    t winset "$tb" --format csv
    t validate "$tb" --models all --format csv
done
for s in examples/*.yaml; do
    t check "$s"
    t negotiate --scenario "$s" --format csv
done
t data positions --explain CHN --year 2017
t negotiate --body GGE5 --param will_scal=3
t forecast nosuch.csv --model eum
echo "$i commands written to $O"
