# Helpers shared by the shell tests (sourced; not a test itself). They set `fail=1` on a
# failure, which the test turns into its exit status at the end.
# SPDX-License-Identifier: GPL-3.0-or-later

# Debian's python3 when there is one: the tests need only its standard library, and the
# python3 first on PATH may be a version manager's shim costing 0.1 s a start (pyenv's
# here; the tests start Python about 150 times). test_python.sh picks its interpreters
# itself.
if [ -x /usr/bin/python3 ]; then
    python3() { /usr/bin/python3 "$@"; }
fi

check() { # check NAME CONDITION-EXIT-STATUS
    if [ "$2" -ne 0 ]; then echo "FAIL: $1"; fail=1; else echo "ok: $1"; fi
}

# Record a failure found by the test itself (a content check, a comparison): prints
# "FAIL: MESSAGE" and sets fail=1, like check and expect_exit do. Typical use:
#   grep -q WORD out.txt || fail "WORD missing: $(cat out.txt)"
fail() { # fail MESSAGE...
    echo "FAIL: $*"
    fail=1
}

# Run a command (its stdout to out.txt, stderr to err.txt in the current folder) and
# expect exit CODE and, unless PATTERN is empty, PATTERN in its stderr.
expect_exit() { # expect_exit CODE NAME PATTERN -- command...
    local code=$1 name=$2 pattern=$3
    shift 4
    "$@" >out.txt 2>err.txt
    local rc=$?
    if [ "$rc" -ne "$code" ]; then
        echo "FAIL: $name: exit $rc, expected $code"; cat err.txt; fail=1; return
    fi
    if [ -n "$pattern" ] && ! grep -q -- "$pattern" err.txt; then
        echo "FAIL: $name: stderr lacks '$pattern':"; cat err.txt; fail=1; return
    fi
    echo "ok: $name"
}
