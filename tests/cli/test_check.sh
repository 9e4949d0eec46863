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
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# run FILE...: sets rc, out (stdout) and err (stderr).
run() {
    "$NORMSIM" check "$@" >"$TMP/out" 2>"$TMP/err"
    rc=$?
    out=$(cat "$TMP/out")
    err=$(cat "$TMP/err")
    if [ "$rc" -ge 128 ]; then
        fail "check $* crashed (exit $rc): $err"
    fi
}

# expect_problems FILE N LINE...: exit 2, exactly N problem lines, each "FILE:LINE:COL:",
# at the given lines in order, then one summary line.
expect_problems() {
    local file=$1 n=$2
    shift 2
    run "$file"
    [ "$rc" -eq 2 ] || fail "$file: exit $rc, expected 2 ($err)"
    local problems
    problems=$(grep -c "^$file:[0-9]*:[0-9]*: " "$TMP/err")
    [ "$problems" -eq "$n" ] || fail "$file: $problems problem lines, expected $n: $err"
    # Every line of stderr is a problem or the summary: nothing else, nothing wrapped.
    local total
    total=$(wc -l <"$TMP/err")
    [ "$total" -eq $((n + 1)) ] || fail "$file: $total lines on stderr, expected $((n + 1)): $err"
    grep -q "^normsim: check: $n problems\? in 1 of 1 file$" "$TMP/err" ||
        fail "$file: no summary line: $err"
    local i=1
    for line in "$@"; do
        local got
        got=$(grep "^$file:[0-9]*:[0-9]*: " "$TMP/err" | sed -n "${i}p" | cut -d: -f2)
        [ "$got" = "$line" ] || fail "$file: problem $i at line '$got', expected $line: $err"
        i=$((i + 1))
    done
    [ -z "$out" ] || fail "$file: unexpected stdout: $out"
}

# Lines counted in the fixtures (see each file's comment).
expect_problems "$SC/syntax_error.yaml" 1 6
grep -q "syntax error" "$TMP/err" || fail "syntax_error: message does not say so: $err"
expect_problems "$SC/unknown_key.yaml" 1 9
grep -q "salinece.*did you mean 'salience'" "$TMP/err" || fail "unknown_key: no suggestion: $err"
grep -q ":9:21: states\[AAA\].positions.ihl.salinece: " "$TMP/err" ||
    fail "unknown_key: wrong column or field: $err"
expect_problems "$SC/out_of_range.yaml" 1 9
grep -q ":9:31: states\[AAA\].positions.ihl.salience: 1.5 is outside \[0, 1\]" "$TMP/err" ||
    fail "out_of_range: wrong message: $err"
expect_problems "$SC/duplicate_id.yaml" 1 9
grep -q "duplicate body 'B1' (first at line 8)" "$TMP/err" || fail "duplicate_id: $err"
expect_problems "$SC/wrong_type.yaml" 1 6
grep -q "expected a number, found 'strong'" "$TMP/err" || fail "wrong_type: $err"
expect_problems "$SC/empty.yaml" 1 1
expect_problems "$SC/garbage.bin" 1 1
grep -q "not a YAML text file" "$TMP/err" || fail "garbage: $err"
expect_problems "$SC/truncated.yaml" 1 6
expect_problems "$SC/unknown_dimension.yaml" 2 7 9
grep -q ":7:31: .*unknown dimension 'ihk' (did you mean 'ihl'?)" "$TMP/err" ||
    fail "unknown_dimension: $err"
grep -q ":9:46: .*unknown dimension 'cyber'" "$TMP/err" || fail "unknown_dimension: $err"
expect_problems "$SC/nan_value.yaml" 1 6
grep -q "not a finite number" "$TMP/err" || fail "nan_value: $err"
expect_problems "$SC/three_problems.yaml" 3 7 8 9

# An unknown state of the built-in UN world (the base of the file).
expect_problems "$SC/unknown_state.yaml" 1 5
grep -q ":5:11: states\[USX\].iso3: .*USX" "$TMP/err" || fail "unknown_state: $err"

# A missing file: exit 2, the message names the file.
run "$TMP/no_such_file.yaml"
[ "$rc" -eq 2 ] || fail "missing file: exit $rc, expected 2"
grep -q "^$TMP/no_such_file.yaml: no such file$" "$TMP/err" || fail "missing file: $err"

# Several files: every problem of every file, exit 2, and the good one still says ok.
run "$SRC/examples/scratch.yaml" "$SC/three_problems.yaml" "$SC/nan_value.yaml"
[ "$rc" -eq 2 ] || fail "several files: exit $rc"
[ "$(grep -c ':[0-9]*:[0-9]*: ' "$TMP/err")" -eq 4 ] || fail "several files: $err"
grep -q "4 problems in 2 of 3 files" "$TMP/err" || fail "several files summary: $err"
grep -q "scratch.yaml: ok" "$TMP/out" || fail "several files: scratch not ok: $out"

# The examples are valid.
run "$SRC/examples/scratch.yaml"
[ "$rc" -eq 0 ] || fail "scratch.yaml: exit $rc: $err"
[ "$out" = "$SRC/examples/scratch.yaml: ok (4 states, 1 bodies, 2 dimensions)" ] ||
    fail "scratch.yaml: $out"
run "$SRC/examples/un_2017_sketch.yaml"
[ "$rc" -eq 0 ] || fail "un_2017_sketch.yaml: exit $rc: $err"
grep -q "^$SRC/examples/un_2017_sketch.yaml: ok (193 states, .* bodies, 10 dimensions)$" \
    "$TMP/out" || fail "un_2017_sketch.yaml: $out"
run --quiet "$SRC/examples/scratch.yaml"
[ "$rc" -eq 0 ] && [ -z "$out" ] && [ -z "$err" ] || fail "--quiet: rc $rc, '$out' '$err'"

# Usage errors and help.
run
[ "$rc" -eq 2 ] || fail "no file: exit $rc"
run --bogus "$SRC/examples/scratch.yaml"
[ "$rc" -eq 2 ] || fail "unknown option: exit $rc"
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
    run "$TMP/$f"
    [ "$rc" -eq 2 ] || fail "$f: exit $rc, expected 2: $err"
done

# csv and json: the problems and the valid files as rows on standard output.
run --format csv "$SRC/examples/un_2017_sketch.yaml" "$SC/three_problems.yaml"
[ "$rc" -eq 2 ] || fail "check csv: exit $rc"
[ "$(head -1 "$TMP/out")" = "file,status,line,col,field,message,states,bodies,dimensions" ] ||
    fail "check csv header: $(head -1 "$TMP/out")"
grep -q "un_2017_sketch.yaml,ok,,,,,193," "$TMP/out" || fail "check csv: the valid file"
[ "$(grep -c ',problem,' "$TMP/out")" -eq 3 ] || fail "check csv: 3 problems: $out"
grep -q "three_problems.yaml,problem,7,24,states\[AAA\].will," "$TMP/out" || fail "check csv: place"
run --format json "$SRC/examples/un_2017_sketch.yaml"
[ "$rc" -eq 0 ] && python3 -c 'import json, sys; d = json.load(sys.stdin); assert d[0]["status"] == "ok" and d[0]["states"] == 193, d' <"$TMP/out" ||
    fail "check json: $out"

# No leaks or invalid reads on the CLI path (valgrind; skipped under the sanitizers).
if [ "${NS_SANITIZE:-0}" != "1" ] && [ "${NS_SANITIZE:-0}" != "ON" ] && command -v valgrind >/dev/null; then
    for f in "$SRC/examples/un_2017_sketch.yaml" "$SC/three_problems.yaml"; do
        valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite,indirect \
            --error-exitcode=99 "$NORMSIM" check "$f" >/dev/null 2>"$TMP/vg"
        vrc=$?
        [ "$vrc" -ne 99 ] || fail "valgrind on $f: $(cat "$TMP/vg")"
    done
fi

if [ "$failures" -gt 0 ]; then
    echo "$failures failure(s)" >&2
    exit 1
fi
echo "test_check: all passed"
