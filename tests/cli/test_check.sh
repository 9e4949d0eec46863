#!/usr/bin/env bash
# normsim check: every broken fixture exits 2 with one line per problem naming the file
# and the line (counted by hand from the fixture); the examples exit 0; nothing crashes.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u

NORMSIM=${NORMSIM:?set NORMSIM to the normsim binary}
SRC=${NS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
DATA=${NS_TEST_DATA:-$SRC/tests/data}
SC=$DATA/scenarios
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
. "$(dirname "$0")/lib.sh"
fail=0
cd "$TMP" || exit 1 # expect_exit writes out.txt and err.txt here

# expect_problems FILE N LINE...: exit 2, exactly N problem lines, each "FILE:LINE:COL:",
# at the given lines in order, then one summary line.
expect_problems() {
    local file=$1 n=$2
    shift 2
    expect_exit 2 "check ${file##*/}" "" -- "$NORMSIM" check "$file"
    # out and err stay set after the call: the messages below quote err.
    out=$(cat out.txt)
    err=$(cat err.txt)
    local problems
    problems=$(grep -c "^$file:[0-9]*:[0-9]*: " err.txt)
    [ "$problems" -eq "$n" ] || fail "$file: $problems problem lines, expected $n: $err"
    # Every line of stderr is a problem or the summary: nothing else, nothing wrapped.
    local total
    total=$(wc -l <err.txt)
    [ "$total" -eq $((n + 1)) ] || fail "$file: $total lines on stderr, expected $((n + 1)): $err"
    grep -q "^normsim: check: $n problems\? in 1 of 1 file$" err.txt ||
        fail "$file: no summary line: $err"
    local i=1
    for line in "$@"; do
        local got
        got=$(grep "^$file:[0-9]*:[0-9]*: " err.txt | sed -n "${i}p" | cut -d: -f2)
        [ "$got" = "$line" ] || fail "$file: problem $i at line '$got', expected $line: $err"
        i=$((i + 1))
    done
    [ -z "$out" ] || fail "$file: unexpected stdout: $out"
}

# Lines counted in the fixtures (see each file's comment).
expect_problems "$SC/syntax_error.yaml" 1 6
grep -q "syntax error" err.txt || fail "syntax_error: message does not say so: $err"
expect_problems "$SC/unknown_key.yaml" 1 9
grep -q "salinece.*did you mean 'salience'" err.txt || fail "unknown_key: no suggestion: $err"
grep -q ":9:21: states\[AAA\].positions.ihl.salinece: " err.txt ||
    fail "unknown_key: wrong column or field: $err"
expect_problems "$SC/out_of_range.yaml" 1 9
grep -q ":9:31: states\[AAA\].positions.ihl.salience: 1.5 is outside \[0, 1\]" err.txt ||
    fail "out_of_range: wrong message: $err"
expect_problems "$SC/duplicate_id.yaml" 1 9
grep -q "duplicate body 'B1' (first at line 8)" err.txt || fail "duplicate_id: $err"
expect_problems "$SC/wrong_type.yaml" 1 6
grep -q "expected a number, found 'strong'" err.txt || fail "wrong_type: $err"
expect_problems "$SC/empty.yaml" 1 1
expect_problems "$SC/garbage.bin" 1 1
grep -q "not a YAML text file" err.txt || fail "garbage: $err"
expect_problems "$SC/truncated.yaml" 1 6
expect_problems "$SC/unknown_dimension.yaml" 2 7 9
grep -q ":7:31: .*unknown dimension 'ihk' (did you mean 'ihl'?)" err.txt ||
    fail "unknown_dimension: $err"
grep -q ":9:46: .*unknown dimension 'cyber'" err.txt || fail "unknown_dimension: $err"
expect_problems "$SC/nan_value.yaml" 1 6
grep -q "not a finite number" err.txt || fail "nan_value: $err"
expect_problems "$SC/three_problems.yaml" 3 7 8 9

# An unknown state of the built-in UN world (the base of the file).
expect_problems "$SC/unknown_state.yaml" 1 5
grep -q ":5:11: states\[USX\].iso3: .*USX" err.txt || fail "unknown_state: $err"

# A missing file: exit 2, the message names the file.
expect_exit 2 "missing file" "" -- "$NORMSIM" check "$TMP/no_such_file.yaml"
grep -q "^$TMP/no_such_file.yaml: no such file$" err.txt || fail "missing file: $(cat err.txt)"

# Several files: every problem of every file, exit 2, and the good one still says ok.
expect_exit 2 "several files" "" -- "$NORMSIM" check "$SRC/examples/scratch.yaml" "$SC/three_problems.yaml" "$SC/nan_value.yaml"
[ "$(grep -c ':[0-9]*:[0-9]*: ' err.txt)" -eq 4 ] || fail "several files: $(cat err.txt)"
grep -q "4 problems in 2 of 3 files" err.txt || fail "several files summary: $(cat err.txt)"
grep -q "scratch.yaml: ok" out.txt || fail "several files: scratch not ok: $(cat out.txt)"

# The examples are valid.
expect_exit 0 "scratch.yaml" "" -- "$NORMSIM" check "$SRC/examples/scratch.yaml"
[ "$(cat out.txt)" = "$SRC/examples/scratch.yaml: ok (4 states, 1 bodies, 2 dimensions)" ] ||
    fail "scratch.yaml: $(cat out.txt)"
expect_exit 0 "un_2017_sketch.yaml" "" -- "$NORMSIM" check "$SRC/examples/un_2017_sketch.yaml"
grep -q "^$SRC/examples/un_2017_sketch.yaml: ok (193 states, .* bodies, 10 dimensions)$" \
    out.txt || fail "un_2017_sketch.yaml: $(cat out.txt)"
expect_exit 0 "--quiet" "" -- "$NORMSIM" check --quiet "$SRC/examples/scratch.yaml"
[ -z "$(cat out.txt)" ] && [ -z "$(cat err.txt)" ] || fail "--quiet: '$(cat out.txt)' '$(cat err.txt)'"

# Usage errors and help.
expect_exit 2 "no file" "" -- "$NORMSIM" check
expect_exit 2 "unknown option" "" -- "$NORMSIM" check --bogus "$SRC/examples/scratch.yaml"
"$NORMSIM" help check | grep -q "usage: normsim check" || fail "help check"

# Hostile inputs never crash: deep nesting, a long list, random bytes.
python3 - "$TMP" <<'EOF' 2>/dev/null || head -c 4096 /dev/urandom >"$TMP/random.bin"
import os, sys
d = sys.argv[1]
open(os.path.join(d, "deep.yaml"), "w").write("[" * 5000 + "]" * 5000)
open(os.path.join(d, "long.yaml"), "w").write("x: [" + ",".join(["0"] * 100001) + "]\n")
open(os.path.join(d, "random.bin"), "wb").write(os.urandom(4096))
EOF
for f in deep.yaml long.yaml random.bin; do
    [ -f "$TMP/$f" ] || continue
    expect_exit 2 "$f" "" -- "$NORMSIM" check "$TMP/$f"
done

# csv and json: the problems and the valid files as rows on standard output.
expect_exit 2 "check csv" "" -- "$NORMSIM" check --format csv "$SRC/examples/un_2017_sketch.yaml" "$SC/three_problems.yaml"
[ "$(head -1 out.txt)" = "file,status,line,col,field,message,states,bodies,dimensions" ] ||
    fail "check csv header: $(head -1 out.txt)"
grep -q "un_2017_sketch.yaml,ok,,,,,193," out.txt || fail "check csv: the valid file"
[ "$(grep -c ',problem,' out.txt)" -eq 3 ] || fail "check csv: 3 problems: $(cat out.txt)"
grep -q "three_problems.yaml,problem,7,24,states\[AAA\].will," out.txt || fail "check csv: place"
expect_exit 0 "check json" "" -- "$NORMSIM" check --format json "$SRC/examples/un_2017_sketch.yaml"
python3 -c 'import json, sys; d = json.load(sys.stdin); assert d[0]["status"] == "ok" and d[0]["states"] == 193, d' <out.txt ||
    fail "check json: $(cat out.txt)"

# No leaks or invalid reads on the CLI path (valgrind; skipped under the sanitizers).
if [ "${NS_SANITIZE:-0}" != "1" ] && [ "${NS_SANITIZE:-0}" != "ON" ] && command -v valgrind >/dev/null; then
    for f in "$SRC/examples/un_2017_sketch.yaml" "$SC/three_problems.yaml"; do
        valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite,indirect \
            --error-exitcode=99 "$NORMSIM" check "$f" >/dev/null 2>"$TMP/vg"
        vrc=$?
        [ "$vrc" -ne 99 ] || fail "valgrind on $f: $(cat "$TMP/vg")"
    done
fi

[ "$fail" = 0 ] || exit 1
echo "test_check: all passed"
