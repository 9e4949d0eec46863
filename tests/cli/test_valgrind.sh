#!/usr/bin/env bash
# normsim data members, negotiate and vote under valgrind: no leak, no invalid access. Skipped (77)
# under the sanitizer build (ASan and valgrind do not mix) or without valgrind.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
NORMSIM=${NORMSIM:?set NORMSIM to the normsim binary}
if [ "${NS_SANITIZE:-0}" = 1 ] || ! command -v valgrind >/dev/null 2>&1; then
    exit 77
fi
failures=0
# `run` replays every body and forecasts every roll call: minutes under valgrind, so its
# pieces are checked one by one (negotiate, vote) and `run` itself under ASan/LSan.
for args in "data members" "data participation --format csv" "negotiate --body GGE5 --runs 2" \
    "vote --resolution A/RES/73/27" "data nonsense"; do
    # shellcheck disable=SC2086
    valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
        --error-exitcode=9 -q "$NORMSIM" $args >/dev/null 2>"${TMPDIR:-/tmp}/ns_vg.$$"
    rc=$?
    if [ $rc = 9 ]; then
        echo "FAIL: valgrind errors in 'normsim $args':" >&2
        cat "${TMPDIR:-/tmp}/ns_vg.$$" >&2
        failures=$((failures + 1))
    fi
done
rm -f "${TMPDIR:-/tmp}/ns_vg.$$"
exit $((failures > 0))
