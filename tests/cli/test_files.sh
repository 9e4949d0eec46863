#!/usr/bin/env bash
# Inputs that are files and outputs that follow no link (issue 15 item 4): a FIFO, a
# device or a folder given where normsim reads a file exits 2 with "not a regular file"
# and never blocks (each command runs under `timeout`, so a hang fails); a symbolic link
# planted where normsim writes (report, run, --plot, sweep, merge, export, import) is
# refused with exit 2 and its target left untouched; a quadratic model on a large table
# prints its progress, and beyond its size limit is refused.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
. "$(dirname "$0")/lib.sh"
N=${NORMSIM:?NORMSIM must name the normsim binary}
SRC=${NS_SOURCE_DIR:?NS_SOURCE_DIR must name the source tree}
T=$(mktemp -d /tmp/ns-test-files-XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
fail=0
TO=(timeout 20)

# ---- Inputs: FIFO, device, folder ----------------------------------------------------------
mkfifo fifo
mkdir folder
printf 'normsim: 1\nname: toy\nbase: none\nseed: 5\n' >s.yaml
"$N" sweep s.yaml --model toy-unanimity --runs 3 --quiet -o study.sqlite >/dev/null
for bad in fifo /dev/null folder; do
    expect_exit 2 "forecast: table $bad" "not a regular file" -- "${TO[@]}" "$N" forecast $bad --model median
    expect_exit 2 "winset: table $bad" "not a regular file" -- "${TO[@]}" "$N" winset $bad
    expect_exit 2 "import decide $bad" "not a regular file" -- "${TO[@]}" "$N" import decide $bad
    expect_exit 2 "check: scenario $bad" "not a regular file" -- "${TO[@]}" "$N" check $bad
    expect_exit 2 "negotiate --scenario $bad" "not a regular file" -- \
        "${TO[@]}" "$N" negotiate --body GGE5 --scenario $bad
    expect_exit 2 "sweep: scenario $bad" "not a regular file" -- \
        "${TO[@]}" "$N" sweep $bad --model toy-unanimity --runs 2 -o x.sqlite
    expect_exit 2 "export: study $bad" "not a regular file" -- "${TO[@]}" "$N" export $bad results
done
check "no study made from a bad scenario" "$([ ! -e x.sqlite ]; echo $?)"
# A --data folder whose CSV is a FIFO.
mkdir data
cp "$SRC"/data/*.csv data/
rm data/states.csv
mkfifo data/states.csv
expect_exit 2 "--data DIR with a FIFO for states.csv" "states.csv: not a regular file" -- \
    "${TO[@]}" "$N" data states --data data

# ---- Outputs: a planted symbolic link is never written through ------------------------------
echo secret >victim
untouched() { check "  $1: the link's target is untouched" "$([ "$(cat victim)" = secret ]; echo $?)"; }
mkdir rep
ln -s ../victim rep/index.html
expect_exit 2 "report -o DIR with a link at DIR/index.html" "symbolic link" -- \
    "$N" report study.sqlite -o rep --gnuplot /nonexistent
untouched "report"
mkdir rep2
ln -s ../victim rep2/fig-adopted.svg
expect_exit 2 "report -o DIR with a link where gnuplot draws" "symbolic link" -- \
    "$N" report study.sqlite -o rep2
untouched "report (figure)"
ln -s rep replink
expect_exit 2 "report -o LINK" "symbolic link" -- "$N" report study.sqlite -o replink
ln -s victim out.csv
expect_exit 2 "export -o LINK" "symbolic link" -- "$N" export study.sqlite results -o out.csv
untouched "export"
ln -s victim imported.csv
expect_exit 2 "import -o LINK" "symbolic link" -- \
    "$N" import decide "$SRC/tests/data/import/decide_good.tab" -o imported.csv
untouched "import"
ln -s victim new.sqlite
expect_exit 2 "sweep -o LINK" "symbolic link" -- \
    "$N" sweep s.yaml --model toy-unanimity --runs 2 --quiet -o new.sqlite
untouched "sweep"
ln -s nowhere dangling.sqlite
expect_exit 2 "sweep -o a dangling link" "symbolic link" -- \
    "$N" sweep s.yaml --model toy-unanimity --runs 2 --quiet -o dangling.sqlite
check "  nothing made at the link's target" "$([ ! -e nowhere ]; echo $?)"
ln -s victim merged.sqlite
expect_exit 2 "merge OUT=LINK" "symbolic link" -- "$N" merge merged.sqlite study.sqlite
untouched "merge"
ln -s folder runlink
expect_exit 2 "run -o LINK" "symbolic link" -- "$N" run --runs 1 -o runlink
ln -s folder plotlink
expect_exit 2 "diffuse --plot LINK" "symbolic link" -- "$N" diffuse --runs 2 --plot plotlink
check "  nothing written into the link's folder" "$([ -z "$(ls -A folder)" ]; echo $?)"

# ---- Quadratic models: progress, and the size limit ------------------------------------------
python3 - <<'PY'
import random
random.seed(1)
for name, n in (("big.csv", 2000), ("huge.csv", 5001)):
    with open(name, "w") as f:
        f.write("issue,actor,position,salience,capability\n")
        for i in range(n):
            f.write(f"x,A{i},{random.uniform(0, 100):.2f},{random.uniform(0.1, 1):.2f},{random.uniform(1, 10):.2f}\n")
PY
expect_exit 2 "eum over its limit of 5000 actors" "over the model's limit of 5000" -- \
    "${TO[@]}" "$N" forecast huge.csv --model eum
expect_exit 2 "exchange over its limit" "over the model's limit of 5000" -- \
    "${TO[@]}" "$N" forecast huge.csv --model exchange
# 2000 actors: about 0.3 s a round (more under the sanitizers); 12 rounds pass the 2 s
# after which progress is printed.
expect_exit 0 "eum on 2000 actors prints its progress" "model eum: round [0-9]* of at most 12" -- \
    timeout 120 "$N" forecast big.csv --model eum --max-rounds 12
exit $fail
