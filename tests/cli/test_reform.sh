#!/usr/bin/env bash
# The paper's reform options 7.2 and 7.3 (MECHANISM.md 7.2, 7.3) as scenario files of
# `normsim diffuse`, each against its baseline with the same seed and runs:
# - each scenario gives exactly what its command-line option gives (the scenario path
#   to the diffusion parameters is the option's: --mandate implementation,
#   --channel regional);
# - neither touches endorsement, so with common random numbers (one uniform per state
#   and year, docs/DIFFUSION.md) the endorsement curve, P(tipped) and the tipping year
#   are the baseline's, year by year;
# - 7.2 doubles the implementation hazard and raises internalisation: more states
#   implement and internalise by 2030; with the same draws a higher hazard can only
#   make a state implement earlier, so the mean cannot fall;
# - 7.3 counts implementing peers on the regional layer with five times the weight:
#   more states implement by 2030 (docs/DIFFUSION.md: 99 against 76 at 1000 runs);
# - a bad layer switch in a scenario is refused with exit 2.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
NORMSIM=${NORMSIM:?set NORMSIM to the normsim binary}
SRC=${NS_SOURCE_DIR:?set NS_SOURCE_DIR to the source tree}
command -v python3 >/dev/null || { echo "skip: python3 not installed"; exit 77; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
. "$(dirname "$0")/lib.sh"
fail=0
cd "$TMP" || exit 1 # expect_exit writes out.txt and err.txt here
RUNS=100
[ "${NS_SANITIZE:-0}" = 1 ] && RUNS=20

diffuse() { # OUT ARGS...: norm 2015f, all states, csv, into OUT.csv
    local out=$1
    shift
    expect_exit 0 "diffuse $*" "" -- "$NORMSIM" diffuse --norm 2015f --group all --runs "$RUNS" --format csv "$@"
    mv out.txt "$TMP/$out.csv"
}
diffuse base --seed 1
diffuse r72 --scenario "$SRC/examples/reform_7_2_implementation.yaml"
diffuse r73 --scenario "$SRC/examples/reform_7_3_regional.yaml"
diffuse o72 --seed 1 --mandate implementation
diffuse o73 --seed 1 --channel regional
cmp -s "$TMP/r72.csv" "$TMP/o72.csv" || fail "7.2 scenario differs from --mandate implementation"
cmp -s "$TMP/r73.csv" "$TMP/o73.csv" || fail "7.3 scenario differs from --channel regional"
cmp -s "$TMP/base.csv" "$TMP/r72.csv" && fail "7.2 scenario changed nothing"

python3 - "$TMP" <<'PY' || fail "reform outcomes against the baseline"
import csv, os, sys
d = sys.argv[1]
def load(name):
    return {int(r["year"]): r for r in csv.DictReader(open(os.path.join(d, name + ".csv")))}
base, r72, r73 = load("base"), load("r72"), load("r73")
assert sorted(base) == list(range(2015, 2031)), sorted(base)
for name, r in (("7.2", r72), ("7.3", r73)):
    for y in base:
        for col in ("states", "endorsed", "endorsed_lo", "endorsed_hi", "p_tipped", "tipping_year"):
            assert r[y][col] == base[y][col], (name, y, col, r[y][col], base[y][col])
f = lambda r, col: float(r[2030][col])
# 7.2: a doubled hazard with the same draws: never fewer implementers in any year, and
# strictly more by 2030 (the baseline implements 76 of 140 endorsers at 1000 runs).
for y in base:
    assert float(r72[y]["implemented"]) >= float(base[y]["implemented"]), y
assert f(r72, "implemented") > f(base, "implemented") + 5, (f(r72, "implemented"), f(base, "implemented"))
assert f(r72, "internalised") > f(base, "internalised"), (f(r72, "internalised"), f(base, "internalised"))
# 7.3: more implementers by 2030 through regional peers.
assert f(r73, "implemented") > f(base, "implemented") + 5, (f(r73, "implemented"), f(base, "implemented"))
# Bands are bands.
for r in (base, r72, r73):
    for y in r:
        lo, m, hi = (float(r[y][c]) for c in ("implemented_lo", "implemented", "implemented_hi"))
        assert lo <= m <= hi <= float(r[y]["endorsed_hi"]), (y, lo, m, hi)
PY

# The layer switch: 0 or 1, one layer at a time. Exit 2, the parameter named.
bad() { # NAME YAML-PARAMETERS
    printf 'normsim: 1\nbase: un\nseed: 1\nparameters:\n%b' "$2" >"$TMP/$1.yaml"
    expect_exit 2 "$1" "" -- "$NORMSIM" diffuse --norm 2015f --runs 2 --scenario "$TMP/$1.yaml"
    grep -q "impl_layer" err.txt || fail "$1: message does not name the parameter ($(cat err.txt))"
}
bad two_values '  diffusion.impl_layer.regional: 2\n'
bad two_layers '  diffusion.impl_layer.regional: 1\n  diffusion.impl_layer.camp: 1\n'
# Layer "camp" selected by the switch is a real change (the camps are not the regional
# organisations), and 0 is no change at all.
printf 'normsim: 1\nbase: un\nseed: 1\nparameters:\n  diffusion.impl_layer.regional: 0\n' >"$TMP/off.yaml"
diffuse off --scenario "$TMP/off.yaml"
cmp -s "$TMP/off.csv" "$TMP/base.csv" || fail "impl_layer.regional: 0 changed the result"
printf 'normsim: 1\nbase: un\nseed: 1\nparameters:\n  diffusion.impl_layer.camp: 1\n  diffusion.impl_peer: 0.5\n' >"$TMP/camp.yaml"
diffuse camp --scenario "$TMP/camp.yaml"
cmp -s "$TMP/camp.csv" "$TMP/r73.csv" && fail "camp layer gave the regional layer's result"

expect_exit 0 "check 7.2" "" -- "$NORMSIM" check "$SRC/examples/reform_7_2_implementation.yaml"
expect_exit 0 "check 7.3" "" -- "$NORMSIM" check "$SRC/examples/reform_7_3_regional.yaml"
exit $fail
