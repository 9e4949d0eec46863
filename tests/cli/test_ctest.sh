#!/usr/bin/env bash
# Tests that can fail and finish (issue 15 item 6): every CTest test carries a TIMEOUT
# property, so that a hang (a FIFO read, a model that never converges) fails the suite
# instead of stalling it.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
. "$(dirname "$0")/lib.sh"
B=${NS_BUILD_DIR:?NS_BUILD_DIR must name the build folder}
command -v ctest >/dev/null || { echo "skip: no ctest"; exit 77; }
T=$(mktemp -d /tmp/ns-test-ctest-XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
fail=0
ctest --test-dir "$B" --show-only=json-v1 >tests.json 2>err.txt
check "ctest lists the tests" $?
python3 - tests.json <<'PY'
import json, sys
tests = json.load(open(sys.argv[1]))["tests"]
missing = []
for t in tests:
    props = {p["name"]: p["value"] for p in t.get("properties", [])}
    if not float(props.get("TIMEOUT", 0)) > 0:
        missing.append(t["name"])
print(f"{len(tests)} tests, {len(tests) - len(missing)} with a TIMEOUT")
if missing:
    print("no TIMEOUT: " + ", ".join(missing))
    sys.exit(1)
PY
check "every test has a TIMEOUT" $?
exit $fail
