#!/usr/bin/env bash
# The parameter registry from the command line (issue 15, items 1 and 2): misspelt keys
# given with --param or in a scenario exit 2 naming the nearest key (and, for a scenario,
# the file and line) instead of being ignored; values out of range exit 2; `normsim
# params` lists the declared parameters; non-finite results and empty required data
# tables exit 2 instead of printing Inf or zeros.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
. "$(dirname "$0")/lib.sh"
N=${NORMSIM:?NORMSIM must name the normsim binary}
SRC=${NS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
T=$(mktemp -d /tmp/ns-test-params-XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
fail=0

# --param: an unknown key, a suffix naming no camp or body, a value out of range.
expect_exit 2 "negotiate --param will_scal" "did you mean 'will_scale'" -- \
    "$N" negotiate --body GGE5 --runs 2 --param will_scal=3
expect_exit 2 "run --param forum_shoping" "forum_shopping" -- \
    "$N" run --runs 2 --param forum_shoping=0.2
expect_exit 2 "cohesion.NAT0" "did you mean 'NATO'" -- \
    "$N" negotiate --body GGE5 --runs 2 --param cohesion.NAT0=0.5
expect_exit 2 "summary_available.GGE7" "names no body" -- \
    "$N" negotiate --body GGE5 --runs 2 --param summary_available.GGE7=0
expect_exit 2 "will_scale=1e308 (every paragraph 0 before)" "will_scale" -- \
    "$N" negotiate --body GGE5 --runs 2 --param will_scale=1e308
expect_exit 2 "backtest --param nosuch" "unknown parameter" -- \
    "$N" backtest history --quick --runs 2 --param nosuch=1
# A model's parameter and a study's --vary: the nearest names too.
expect_exit 2 "forecast --param centr" "did you mean 'centre'?" -- \
    "$N" forecast "$SRC/tests/data/tables/good.csv" --model eum --param centr=mean
expect_exit 2 "sweep --vary body_sise" "did you mean 'body_size'?" -- \
    "$N" sweep "$SRC/examples/frontier.yaml" --model frontier --vary body_sise=10,20 --runs 1 -o s.sqlite
[ ! -e s.sqlite ]
check "no study written for a bad --vary" $?
expect_exit 0 "an enum by name" "" -- "$N" negotiate --body GGE5 --runs 2 --param loss=quadratic
grep -q "quadratic loss" out.txt
check "loss=quadratic is read" $?

# A scenario: every problem at its file and line, from check and from the commands.
printf 'normsim: 1\nbase: un\nparameters:\n  forum_shoping: 0.2\n  diffusion.theta_medain: 0.5\n  rounds: 2.5\n' >bad.yaml
expect_exit 2 "check: misspelt scenario keys" "bad.yaml:4:3: parameters.forum_shoping: unknown parameter (did you mean 'forum_shopping'?)" -- \
    "$N" check bad.yaml
grep -q "bad.yaml:5:3: parameters.diffusion.theta_medain: .*'diffusion.theta_median'" err.txt
check "check: the diffusion key at line 5" $?
grep -q "bad.yaml:6:.*parameters.rounds: 2.5 is not a whole number in 1..20" err.txt
check "check: rounds at line 6" $?
grep -q "3 problems" err.txt
check "check: three problems" $?
expect_exit 2 "negotiate --scenario with a misspelt key" "bad.yaml:4:3" -- \
    "$N" negotiate --body GGE5 --runs 2 --scenario bad.yaml
expect_exit 2 "diffuse --scenario with a misspelt key" "bad.yaml:4:3" -- \
    "$N" diffuse --runs 2 --scenario bad.yaml
printf 'normsim: 1\nbase: un\nparameters:\n  diffusion.impl_layer.regional: 1\n  diffusion.impl_layer.camp: 1\n' >two.yaml
expect_exit 2 "check: two layers of implementing peers" "two.yaml:5:30: parameters.diffusion.impl_layer.camp: .*choose one layer" -- \
    "$N" check two.yaml
for f in "$SRC"/examples/*.yaml; do
    "$N" check --quiet "$f" >/dev/null 2>&1
    check "example $(basename "$f") passes check" $?
done

# The listing (--wide: one line per parameter, for grep; by default it wraps at 100
# columns, tests/cli/test_widths.sh).
expect_exit 0 "params process" "" -- "$N" params process --wide
grep -qE "^process +will_scale +real +\[0, 1e\+06\] +6 " out.txt
check "params: will_scale's row" $?
grep -q "cohesion.<CAMP>" out.txt
check "params: the camp pattern" $?
expect_exit 0 "params diffusion csv" "" -- "$N" params diffusion --format csv
head -1 out.txt | grep -qx "owner,parameter,type,allowed,default,description"
check "params csv header" $?
grep -q "^diffusion,diffusion.theta_median,real,\"(0, 100\]\",0.616," out.txt
check "params: a fitted default" $?
expect_exit 0 "params eum" "" -- "$N" params eum
expect_exit 0 "params (all)" "" -- "$N" params --format json
expect_exit 2 "params nosuch" "the owners are: process, diffusion" -- "$N" params nosuch
"$N" help params | grep -q "usage: normsim params"
check "help params" $?

# Item 2: no non-finite or empty success. Capabilities near 1e308 overflow the
# compromise's sums: exit 2 naming the issue, never "Inf" (it printed Inf, exit 0).
printf 'issue,actor,position,salience,capability\nihl,USA,20,0.5,1e308\nihl,CHN,80,0.9,1e308\nihl,RUS,70,0.5,1\n' >big.csv
for fmt in table csv json; do
    expect_exit 2 "forecast of capability 1e308 ($fmt)" "issue 'ihl': the forecast is not finite" -- \
        "$N" forecast big.csv --model compromise --format "$fmt"
    ! grep -q "Inf" out.txt
    check "no Inf printed ($fmt)" $?
done
# A required data table holding only its header (every position was 0, exit 0).
mkdir data
cp "$SRC"/data/*.csv data/
head -1 "$SRC/data/ideal_points.csv" >data/ideal_points.csv
expect_exit 2 "--data with a header-only ideal_points.csv" "data/ideal_points.csv:1: holds only its header" -- \
    "$N" --data data negotiate --body GGE5 --runs 2
expect_exit 2 "run with it" "ideal_points.csv" -- "$N" --data data run --runs 2
rm data/ideal_points.csv
expect_exit 2 "--data without ideal_points.csv" "ideal_points.csv" -- \
    "$N" --data data negotiate --body GGE5 --runs 2

exit $fail
