#!/usr/bin/env bash
# Tables for people: the default (table) output of every command, in a typical
# invocation, fits 100 columns when standard output is not a terminal (standard output
# and standard error, counted in characters); --wide keeps every column; --columns picks
# columns in every format; a too-wide table names the columns it left out on stderr.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
NORMSIM=${NORMSIM:?set NORMSIM to the normsim binary}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 1
T=$ROOT/examples/tables/gge15.csv
unset COLUMNS

widest() { # widest FILE: the widest line as a terminal shows it (UTF-8 characters; a tab
    # or a wide character would count for its columns), without starting a program per file
    LC_ALL=C.UTF-8 wc -L <"$1"
}

# One typical invocation of every command, as `normsim help COMMAND` shows them.
while IFS= read -r args; do
    [ -n "$args" ] || continue
    eval "\"\$NORMSIM\" $args" >out.txt 2>err.txt
    rc=$?
    if [ "$rc" -ne 0 ]; then
        echo "FAIL: normsim $args: exit $rc"; head -3 err.txt; fail=1; continue
    fi
    wo=$(widest out.txt)
    we=$(widest err.txt)
    [ "$wo" -le 100 ] && [ "$we" -le 100 ]
    check "normsim $args: widest line $wo (stderr $we) <= 100" $?
done <<EOF2
run --runs 3 -o run-out
data states
data members
data bodies
data resolutions
data participation
data votes --resolution A/RES/73/27
check $ROOT/examples/un_2017_sketch.yaml
models
forecast $T --model compromise
forecast $T --model eum
forecast $T --model exchange
forecast $T --model smp
forecast $T --model nash
validate $T --folds 3
winset $T
import decide $ROOT/examples/tables/decide_norms.tab
vote --resolution A/RES/73/27
vote --line developments --year 2019 --tally 129,6,45
backtest votes
backtest history --quick --runs 2
diffuse --norm 2015f --years 2015..2035 --group all
diffuse --instrument paris_call --years 2018..2024 --group all
diffuse --fit budapest_convention
diffuse --fit-file $ROOT/examples/events/national_positions.csv --holdout-from 2022
sweep $ROOT/examples/frontier.yaml --model toy-unanimity --vary members=1,5 --runs 20 -o s.sqlite
export s.sqlite summary
merge m.sqlite s.sqlite
report s.sqlite -o s-report
negotiate --body GGE5 --explain
negotiate --body K20 --scenario $ROOT/examples/custom_k_of_n.yaml --explain
params process
params eum
EOF2

# --wide: every column, unwrapped; by default the table names what it left out.
"$NORMSIM" data bodies >narrow.txt 2>narrow.err
"$NORMSIM" data bodies --wide >wide.txt 2>wide.err
grep -q " stakeholders " wide.txt && ! grep -q " stakeholders " narrow.txt \
    && [ "$(widest wide.txt)" -gt 100 ] && [ ! -s wide.err ]
check "data bodies --wide prints every column, unwrapped" $?
grep -q "not shown.*--wide" narrow.err
check "data bodies names the columns it left out, on stderr" $?
grep -q '^normsim:' narrow.err
[ $? -ne 0 ]
check "the note is not prefixed like an error" $?

# --columns: the columns named, in that order, in every format.
"$NORMSIM" data states --columns name,iso3 --format csv >cols.csv
[ "$(head -1 cols.csv)" = "name,iso3" ]
check "--columns picks and orders csv columns" $?
"$NORMSIM" data states --columns iso3 --format json | python3 -c '
import json, sys
rows = json.load(sys.stdin)
assert isinstance(rows, list) and list(rows[0]) == ["iso3"], rows[0]'
check "--columns in json" $?
"$NORMSIM" export s.sqlite summary --format json --columns point,metric,mean | python3 -c '
import json, sys
rows = json.load(sys.stdin)
assert list(rows[0]) == ["point", "metric", "mean"], rows[0]'
check "export --format json --columns" $?
# The backtest's totals and fit for programs (--table scores), one row per scope.
"$NORMSIM" backtest history --quick --runs 2 --table scores --format csv >scores.csv
head -1 scores.csv | grep -q "^scope,right,n,brier,log_score,forum_shopping,will_scale," \
    && grep -q "^in_sample,[0-9]*,8,.*,-[0-9.]*,2$" scores.csv && [ "$(wc -l <scores.csv)" -eq 7 ]
check "backtest history --table scores: the fit and the log-likelihood in csv" $?
expect_exit 2 "--columns naming no column exits 2" "nosuch" -- "$NORMSIM" data states --columns nosuch

exit $fail
