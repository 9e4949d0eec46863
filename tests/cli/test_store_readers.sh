#!/usr/bin/env bash
# Studies for readers (issue 15 item 3): report, export and merge only read their
# studies, so they work on a read-only file in a read-only folder (read by another user:
# as root, chmod does not stop writes, so the readers run as nobody through setpriv) and
# on a read-only file system; a new study appears under its name only once complete, and
# the disk-full message at creation promises no resume; merge refuses a shard given
# twice and names the missing ones (--partial accepts them and says what was kept).
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
. "$(dirname "$0")/lib.sh"
N=${NORMSIM:?NORMSIM must name the normsim binary}
T=$(mktemp -d /tmp/ns-test-readers-XXXXXX)
MOUNTS=()
cleanup() {
    for m in "${MOUNTS[@]}"; do umount "$m" 2>/dev/null; done
    chmod -R u+w "$T" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
chmod 755 "$T"
cd "$T" || exit 1
fail=0
printf 'normsim: 1\nname: toy\nbase: none\nseed: 3\n' >s.yaml
SWEEP=(sweep s.yaml --model toy-unanimity --vary members=2:4:1 --runs 40 --quiet)
"$N" "${SWEEP[@]}" -o ref.sqlite >/dev/null || { echo "FAIL: sweep"; exit 1; }
"$N" export ref.sqlite results -o ref.csv
for i in 0 1 2; do "$N" "${SWEEP[@]}" --shard $i/3 -o s$i.sqlite >/dev/null; done

# ---- A read-only study in a read-only folder, read by a user who cannot write it -------
mkdir ro out
cp ref.sqlite s0.sqlite s1.sqlite s2.sqlite ro/
chmod 444 ro/*.sqlite
chmod 555 ro
chmod 777 out
AS=()
if [ "$(id -u)" -eq 0 ]; then
    if command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null &&
        setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$N"; then
        AS=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    else
        echo "skip: read-only folder as another user (no setpriv, or $N not reachable by nobody)"
    fi
fi
if [ "$(id -u)" -ne 0 ] || [ ${#AS[@]} -gt 0 ]; then
    expect_exit 0 "export of a read-only study in a read-only folder" "" -- \
        "${AS[@]}" "$N" export ro/ref.sqlite results -o "$T/out/ro.csv"
    check "  the same bytes as the writable study" "$(cmp -s out/ro.csv ref.csv; echo $?)"
    expect_exit 0 "report of a read-only study" "" -- \
        "${AS[@]}" "$N" report ro/ref.sqlite -o "$T/out/rep" --gnuplot /nonexistent
    check "  the report is written" "$([ -s out/rep/index.html ]; echo $?)"
    expect_exit 0 "merge of read-only shards" "" -- \
        "${AS[@]}" "$N" merge "$T/out/m.sqlite" ro/s0.sqlite ro/s1.sqlite ro/s2.sqlite
    "$N" export out/m.sqlite results -o out/m.csv
    check "  merged == one run (bytes)" "$(cmp -s out/m.csv ref.csv; echo $?)"
    check "  nothing was made in the read-only folder" \
        "$([ "$(ls -A ro | wc -l)" -eq 4 ]; echo $?)"
fi

# ---- A read-only file system (a tmpfs remounted read-only; root only) ----------------------
mkdir rofs
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=4m tmpfs rofs 2>/dev/null; then
    MOUNTS+=("$T/rofs")
    cp ref.sqlite s0.sqlite s1.sqlite s2.sqlite rofs/
    if mount -o remount,ro "$T/rofs" 2>/dev/null; then
        expect_exit 0 "export on a read-only file system" "" -- \
            "$N" export rofs/ref.sqlite results -o rofs.csv
        check "  the same bytes" "$(cmp -s rofs.csv ref.csv; echo $?)"
        expect_exit 0 "report on a read-only file system" "" -- \
            "$N" report rofs/ref.sqlite -o rofs-rep --gnuplot /nonexistent
        expect_exit 0 "merge from a read-only file system" "" -- \
            "$N" merge rofs-m.sqlite rofs/s0.sqlite rofs/s1.sqlite rofs/s2.sqlite
    else
        echo "skip: read-only remount refused"
    fi
else
    echo "skip: read-only file system (cannot mount a tmpfs here)"
fi

# ---- Creation: a full disk at creation promises no resume and leaves nothing --------------
mkdir tiny
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=12k tmpfs tiny 2>/dev/null; then
    MOUNTS+=("$T/tiny")
    expect_exit 1 "full disk at creation" "full" -- "$N" "${SWEEP[@]}" -o tiny/x.sqlite
    check "  the message promises no resume" "$(! grep -q -- '--resume' err.txt; echo $?)"
    check "  nothing is left under the name or beside it" \
        "$([ -z "$(ls -A tiny)" ]; echo $?)"
else
    echo "skip: full disk at creation (cannot mount a tmpfs here)"
fi

# ---- Merge: the set of shards ------------------------------------------------------------
expect_exit 2 "merge: the same file twice" "given twice" -- \
    "$N" merge m1.sqlite s0.sqlite s1.sqlite s0.sqlite s2.sqlite
check "  no output" "$([ ! -e m1.sqlite ]; echo $?)"
cp s1.sqlite s1-copy.sqlite
expect_exit 2 "merge: the same shard index twice" "shard given twice" -- \
    "$N" merge m1.sqlite s0.sqlite s1.sqlite s1-copy.sqlite s2.sqlite
expect_exit 2 "merge: a missing shard is named" "missing (1/3; given 0/3, 2/3)" -- \
    "$N" merge m1.sqlite s0.sqlite s2.sqlite
check "  no output" "$([ ! -e m1.sqlite ]; echo $?)"
expect_exit 0 "merge --partial accepts an incomplete set" "" -- \
    "$N" merge m1.sqlite s0.sqlite s2.sqlite --partial
check "  and says what was kept" \
    "$(grep -q '2 shards merged (0/3, 2/3).*partial: shards 1/3 missing' out.txt; echo $?)"
"$N" export m1.sqlite study >m1-study.csv
check "  the study records it" \
    "$(grep -q '^missing_shards,1/3$' m1-study.csv && grep -q '^merged_shards,"0/3, 2/3"$' m1-study.csv; echo $?)"
"$N" sweep --resume m1.sqlite --quiet >/dev/null
"$N" export m1.sqlite results -o m1.csv
check "  resumed, the partial merge == one run (bytes)" "$(cmp -s m1.csv ref.csv; echo $?)"
expect_exit 0 "merge of the whole set" "" -- "$N" merge m2.sqlite s2.sqlite s0.sqlite s1.sqlite
check "  says it is complete" "$(grep -q '3 shards merged (0/3, 1/3, 2/3).*complete' out.txt; echo $?)"

# ---- A study that is not a regular file ----------------------------------------------------
mkfifo fifo.sqlite
expect_exit 2 "a FIFO as a study (does not block)" "not a regular file" -- \
    timeout 10 "$N" export fifo.sqlite results
expect_exit 2 "a folder as a study" "not a regular file" -- "$N" report ro
exit $fail
