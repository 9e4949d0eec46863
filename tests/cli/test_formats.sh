#!/usr/bin/env bash
# Files for programs: every command, in a typical invocation, prints with --format json
# an array of objects (parsed as JSON) and with --format csv one header row, then rows
# with as many fields (parsed as CSV; pandas' read_csv too where pandas is installed);
# at least one row each. Notes on standard error never carry the "normsim: " prefix of
# errors. `normsim run` and `backtest votes` are left out to keep this test to seconds
# (test_run.sh and test_vote.sh read their csv and json).
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

# One invocation per line; the study files of sweep and merge are named per format.
n=0
while IFS= read -r args; do
    [ -n "$args" ] || continue
    for f in json csv; do
        n=$((n + 1))
        eval "\"\$NORMSIM\" $args --format $f" >"out$n.$f" 2>"err$n.txt"
        rc=$?
        [ "$rc" -eq 0 ]
        check "normsim $args --format $f: exit 0 (got $rc)" $?
        ! grep -q '^normsim:' "err$n.txt"
        check "normsim $args --format $f: no note prefixed like an error" $?
        printf '%s\t%s\n' "out$n.$f" "$args --format $f" >>list.tsv
    done
done <<EOF2
data states
data members
data bodies
data resolutions
data norms
data participation
data votes --resolution A/RES/73/27
data positions --year 2019 --dimension ihl
check $ROOT/examples/un_2017_sketch.yaml
models
forecast $T --model compromise
forecast $T --model eum
forecast $T --model smp
validate $T --folds 3
winset $T
import decide $ROOT/examples/tables/decide_norms.tab
vote --line developments --year 2019 --tally 129,6,45
backtest history --quick --runs 2
diffuse --norm 2015f --years 2015..2020 --group all
diffuse --fit budapest_convention
diffuse --fit-file $ROOT/examples/events/national_positions.csv --holdout-from 2022
sweep $ROOT/examples/frontier.yaml --model toy-unanimity --vary members=1,5 --runs 4 -o s-\$f.sqlite
export s-\$f.sqlite summary
merge m-\$f.sqlite s-\$f.sqlite
report s-\$f.sqlite -o r-\$f --gnuplot no-such-gnuplot
negotiate --body GGE5 --runs 20
params process
EOF2

# Parse every output at once (one Python start).
python3 - list.tsv <<'EOF3'
import csv, json, sys
try:
    import pandas
except ImportError:
    pandas = None
bad = 0
for line in open(sys.argv[1]):
    path, what = line.rstrip("\n").split("\t")
    try:
        if path.endswith(".json"):
            d = json.load(open(path))
            assert isinstance(d, list), "not an array"
            assert all(isinstance(x, dict) for x in d), "not an array of objects"
            assert len(d) > 0, "no object"
        else:
            rows = list(csv.reader(open(path, newline="")))
            assert len(rows) >= 2, "no header and row"
            widths = {len(r) for r in rows}
            assert len(widths) == 1, "rows of %s fields" % sorted(widths)
            assert len(set(rows[0])) == len(rows[0]), "a column name twice"
            if pandas is not None:
                pandas.read_csv(path)
        print("ok: normsim %s: %s" % (what, "an array of objects" if path.endswith(".json")
                                      else "header and rows of equal width"))
    except Exception as e:
        print("FAIL: normsim %s: %s" % (what, e))
        bad = 1
sys.exit(bad)
EOF3
check "every output parses" $?

# sweep, merge and report: what was done, as rows (the table format keeps its line).
grep -q '"study": "s-json.sqlite", "model": "toy-unanimity", "points": 2, "runs": 4' out*.json
check "sweep --format json: the study, model, points and runs" $?
head -1 "$(grep -l '^study,shards' out*.csv)" | grep -qx 'study,shards,merged_shards,missing_shards,replicates,complete'
check "merge --format csv: its columns" $?
grep -q '^r-csv/index.html,page,$' out*.csv && grep -q '^r-csv/fig-adopted.csv,data,adopted$' out*.csv
check "report --format csv: the files written, with their kind" $?
"$NORMSIM" sweep "$ROOT/examples/frontier.yaml" --model toy-unanimity --vary members=1 --runs 2 \
    -o t.sqlite -q >line.txt 2>/dev/null && grep -q '^t.sqlite: 1 points x 2 runs' line.txt
check "sweep's table format is still its line" $?

# export and import write --columns to a file too.
"$NORMSIM" export s-csv.sqlite summary --columns metric,mean -o cols.csv &&
    [ "$(head -1 cols.csv)" = "metric,mean" ]
check "export -o FILE --columns: the columns asked for" $?
"$NORMSIM" import decide "$ROOT/examples/tables/decide_norms.tab" --format json \
    --columns actor,issue -o cols.json && grep -q '{"actor": "USA", "issue": "ihl"}' cols.json
check "import -o FILE --format json --columns: the columns asked for" $?

# Options after check's files.
"$NORMSIM" check "$ROOT/examples/un_2017_sketch.yaml" --format csv >c.csv 2>/dev/null &&
    grep -q ',ok,' c.csv
check "check FILE --format csv: the option after the file" $?

exit $fail
