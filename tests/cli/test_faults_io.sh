#!/usr/bin/env bash
# I/O faults during a sweep, beyond tests/cli/test_sweep.sh: after a disk-full abort (a
# small tmpfs, and a file-size limit that needs no root) and a resume refused on a
# read-only file system, the study must pass SQLite's PRAGMA integrity_check, hold only
# whole replicates (every metric of each stored replicate), and every stored row must
# equal the same row of an uninterrupted run.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
. "$(dirname "$0")/lib.sh"
N=${NORMSIM:?NORMSIM must name the normsim binary}
if ! "$N" help sweep >/dev/null 2>&1; then
    echo "skip: 'normsim sweep' is not registered"
    exit 77
fi
if ! command -v sqlite3 >/dev/null; then
    echo "skip: the sqlite3 shell is not installed"
    exit 77
fi
T=$(mktemp -d /tmp/ns-test-faults-io-XXXXXX)
MOUNTS=()
cleanup() {
    for m in "${MOUNTS[@]}"; do umount "$m" 2>/dev/null; done
    rm -rf "$T"
}
trap cleanup EXIT
cd "$T" || exit 1
fail=0

printf 'normsim: 1\nname: toy\nbase: none\nseed: 5\n' >s.yaml
# 6 points x 4000 runs x 3 metrics = 72000 rows: a few MB of SQLite with its WAL.
SWEEP=(sweep s.yaml --model toy-unanimity --vary members=10:60:10 --runs 4000 --quiet
       --threads 2 --batch 500)
"$N" "${SWEEP[@]}" -o ref.sqlite >/dev/null || { echo "FAIL: reference sweep"; exit 1; }
"$N" export ref.sqlite results -o ref.csv

# consistent NAME STUDY: integrity, whole replicates, rows equal to the reference.
consistent() {
    local name=$1 db=$2
    local integ
    integ=$(sqlite3 "$db" 'PRAGMA integrity_check' 2>&1)
    check "$name: PRAGMA integrity_check says ok ($integ)" "$([ "$integ" = ok ]; echo $?)"
    local partial
    partial=$(sqlite3 "$db" 'SELECT COUNT(*) FROM (SELECT point, replicate FROM results
                             GROUP BY point, replicate HAVING COUNT(*) != 3)' 2>&1)
    check "$name: no half replicate ($partial)" "$([ "$partial" = 0 ]; echo $?)"
    "$N" export "$db" results -o "$name.csv" 2>/dev/null
    local rows extra
    rows=$(($(wc -l <"$name.csv") - 1))
    extra=$(LC_ALL=C comm -23 <(LC_ALL=C sort "$name.csv") <(LC_ALL=C sort ref.csv) | wc -l)
    check "$name: its $rows rows are rows of the uninterrupted run ($extra differ)" \
        "$([ "$extra" -eq 0 ]; echo $?)"
    check "$name: kept some finished replicates" "$([ "$rows" -gt 0 ]; echo $?)"
}

# ---- A write limit (RLIMIT_FSIZE): writes past it fail with EFBIG, as on a full disk ----
# SIGXFSZ is ignored so that write() returns the error instead of killing the process.
(
    trap '' XFSZ
    ulimit -f 1024 # 1024 blocks of 1 KiB: the study outgrows it.
    exec "$N" "${SWEEP[@]}" -o lim.sqlite
) >out.txt 2>err.txt
rc=$?
check "write limit: exit 1 ($rc)" "$([ "$rc" -eq 1 ]; echo $?)"
check "write limit: a one-line message naming the study" \
    "$(grep -q 'lim.sqlite' err.txt && [ "$(wc -l <err.txt)" -le 2 ]; echo $?)"
consistent "write-limit" lim.sqlite
"$N" sweep --resume lim.sqlite --quiet >/dev/null 2>&1
check "write limit: resume finishes the study" $?
"$N" export lim.sqlite results -o lim-done.csv
cmp -s lim-done.csv ref.csv
check "write limit: resumed == uninterrupted (bytes)" $?

# ---- A full disk (a 1 MiB tmpfs; needs root) ---------------------------------------------
mkdir full ro
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=1m tmpfs full 2>/dev/null; then
    MOUNTS+=("$T/full")
    "$N" "${SWEEP[@]}" -o full/f.sqlite >out.txt 2>err.txt
    rc=$?
    check "full disk: exit 1 ($rc)" "$([ "$rc" -eq 1 ]; echo $?)"
    check "full disk: the message says the disk is full" "$(grep -q 'full' err.txt; echo $?)"
    consistent "full-disk" full/f.sqlite
else
    echo "skip: full disk (cannot mount a small tmpfs here)"
fi

# ---- A read-only file system under a finished-in-part study (needs root) ------------------
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=16m tmpfs ro 2>/dev/null; then
    MOUNTS+=("$T/ro")
    "$N" "${SWEEP[@]}" --stop-after 3 -o ro/r.sqlite >/dev/null 2>&1
    before=$(sqlite3 ro/r.sqlite 'SELECT COUNT(*) FROM results')
    if mount -o remount,ro "$T/ro" 2>/dev/null; then
        "$N" sweep --resume ro/r.sqlite --quiet >out.txt 2>err.txt
        rc=$?
        check "read-only: resume refused with exit 1 ($rc)" "$([ "$rc" -eq 1 ]; echo $?)"
        check "read-only: the message names the study" "$(grep -q 'r.sqlite' err.txt; echo $?)"
        check "read-only: the message says why" "$(grep -q 'cannot be written here' err.txt; echo $?)"
        # The stopped study is still read on the read-only file system (opened immutable:
        # its -shm file cannot be made there).
        ro_rows=$("$N" export ro/r.sqlite results 2>&1 | tail -n +2 | wc -l)
        check "read-only: export reads the $before stored rows ($ro_rows)" \
            "$([ "$ro_rows" = "$before" ]; echo $?)"
        mount -o remount,rw "$T/ro"
        after=$(sqlite3 ro/r.sqlite 'SELECT COUNT(*) FROM results' 2>&1)
        check "read-only: the $before stored rows are still there ($after)" \
            "$([ "$before" = "$after" ] && [ "$before" -gt 0 ]; echo $?)"
        consistent "read-only" ro/r.sqlite
    else
        echo "skip: read-only remount refused"
    fi
else
    echo "skip: read-only file system (cannot mount a tmpfs here)"
fi
exit $fail
