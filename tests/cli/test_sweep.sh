#!/usr/bin/env bash
# normsim sweep / merge / export / report end to end: determinism (1 vs 2 threads, two
# shards merged), kill -9 and resume, two writers, a full disk, a read-only folder, a
# corrupt file and an SQLite file that is not a study, with their exit codes.
# The toy-unanimity model is used: the machinery, not a model, is under test.
set -u
. "$(dirname "$0")/lib.sh"
N=${NORMSIM:?NORMSIM must name the normsim binary}
if ! "$N" help sweep >/dev/null 2>&1; then
    echo "skip: 'normsim sweep' is not registered in cli/main.c"
    exit 77
fi
T=$(mktemp -d /tmp/ns-test-sweep-XXXXXX)
MOUNTS=()
cleanup() {
    for m in "${MOUNTS[@]}"; do umount "$m" 2>/dev/null; done
    jobs -p | xargs -r kill -9 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
cd "$T" || exit 1
fail=0
printf 'normsim: 1\nname: toy\nbase: none\nseed: 11\n' > s.yaml
SWEEP=(sweep s.yaml --model toy-unanimity --vary members=1:6:1 --vary proposal=0.2,0.5 --runs 400 --quiet)

# ---- Determinism: the same bytes with 1 thread, 2 threads, and 2 shards merged --------
"$N" "${SWEEP[@]}" --threads 1 -o one.sqlite >/dev/null || { echo "FAIL: sweep"; exit 1; }
"$N" "${SWEEP[@]}" --threads 2 --batch 33 -o two.sqlite >/dev/null
"$N" "${SWEEP[@]}" --shard 0/2 -o s0.sqlite >/dev/null
"$N" "${SWEEP[@]}" --shard 1/2 -o s1.sqlite >/dev/null
"$N" merge merged.sqlite s1.sqlite s0.sqlite >/dev/null
"$N" export one.sqlite results -o one.csv
"$N" export two.sqlite results -o two.csv
"$N" export merged.sqlite results -o merged.csv
"$N" export s0.sqlite results -o s0.csv
# 12 points x 400 runs x 3 metrics + header.
check "results have 14401 lines" "$([ "$(wc -l < one.csv)" -eq 14401 ]; echo $?)"
cmp -s one.csv two.csv; check "1 thread == 2 threads (bytes)" $?
cmp -s one.csv merged.csv; check "2 shards merged == one run (bytes)" $?
check "a shard holds half" "$([ "$(wc -l < s0.csv)" -eq 7201 ]; echo $?)"
# Sorted by (point, replicate, metric), independently checked with sort(1).
tail -n +2 one.csv | LC_ALL=C sort -t, -k1,1n -k2,2n -k3,3 -c; check "results sorted" $?

# ---- kill -9 during a sweep, then --resume: the same bytes as an uninterrupted run ------
BIG=(sweep s.yaml --model toy-unanimity --vary members=10:60:10 --runs 20000 --quiet)
"$N" "${BIG[@]}" -o ref.sqlite >/dev/null
"$N" "${BIG[@]}" --batch 50 --threads 1 -o k.sqlite >/dev/null 2>&1 &
pid=$!
# Wait until some results are committed (a reader may read while the sweep writes).
for _ in $(seq 1 200); do
    n=$("$N" export k.sqlite results 2>/dev/null | wc -l)
    [ "${n:-0}" -gt 1000 ] && break
    sleep 0.05
done
# ---- A second writer on the running study is refused, naming the holder ---------------
expect_exit 1 "second writer refused" "being written by process $pid" -- \
    "$N" sweep --resume k.sqlite --quiet
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
stored=$("$N" export k.sqlite results | wc -l)
total=$("$N" export ref.sqlite results | wc -l)
check "killed mid-run ($stored of $total lines stored)" \
    "$([ "$stored" -gt 1 ] && [ "$stored" -lt "$total" ]; echo $?)"
# Only whole replicates: every stored replicate has its 3 metrics.
tail -n +2 <("$N" export k.sqlite results) | cut -d, -f1,2 | uniq -c | awk '$1 != 3 {exit 1}'
check "no half replicate after kill -9" $?
"$N" sweep --resume k.sqlite --quiet > resume.txt; check "resume after kill -9 (stale claim taken over)" $?
cmp -s <("$N" export k.sqlite results) <("$N" export ref.sqlite results)
check "resumed == uninterrupted (bytes)" $?
expect_exit 2 "--resume with --vary is a usage error" "resume takes" -- \
    "$N" sweep --resume k.sqlite --vary members=1
expect_exit 2 "create over an existing study" "exists" -- "$N" "${SWEEP[@]}" -o one.sqlite
expect_exit 2 "missing --runs" "runs" -- "$N" sweep s.yaml --model toy-unanimity
expect_exit 2 "unknown parameter" "no parameter 'size'" -- \
    "$N" sweep s.yaml --model toy-unanimity --vary size=1,2 --runs 3 -o x.sqlite
expect_exit 2 "bad shard" "shard" -- "$N" "${SWEEP[@]}" --shard 2/2 -o x.sqlite
check "no file left by refused sweeps" "$([ ! -e x.sqlite ]; echo $?)"

# ---- Merge refuses shards of different studies ----------------------------------------
"$N" sweep s.yaml --model toy-unanimity --vary members=1:6:1 --vary proposal=0.2,0.5 \
    --runs 400 --quiet --seed 12 --shard 1/2 -o other.sqlite >/dev/null
expect_exit 2 "merge of different seeds refused" "seed differs" -- \
    "$N" merge bad-merge.sqlite s0.sqlite other.sqlite
check "no merged file left" "$([ ! -e bad-merge.sqlite ]; echo $?)"
expect_exit 2 "merge of a missing shard" "no such file" -- "$N" merge m2.sqlite s0.sqlite nope.sqlite

# ---- Corrupt and foreign files ----------------------------------------------------------
head -c 5000 /dev/urandom > garbage.sqlite
expect_exit 2 "garbage file" "garbage.sqlite: not a normsim study" -- \
    "$N" export garbage.sqlite results
# A study whose pages are overwritten in the middle: an error, never a crash.
cp one.sqlite corrupt.sqlite
dd if=/dev/urandom of=corrupt.sqlite bs=1024 seek=8 count=64 conv=notrunc 2>/dev/null
"$N" export corrupt.sqlite results >/dev/null 2>err.txt
rc=$?
check "corrupt study: exit 1 or 2 with a message naming it ($rc)" \
    "$([ "$rc" -eq 1 -o "$rc" -eq 2 ] && grep -q corrupt.sqlite err.txt; echo $?)"
: > empty.sqlite
expect_exit 2 "an SQLite file that is not a study" "not a normsim study" -- \
    "$N" export empty.sqlite results
expect_exit 2 "unknown table" "no table 'nope'" -- "$N" export one.sqlite nope
expect_exit 2 "missing study" "no such file" -- "$N" report none.sqlite

# ---- A read-only folder and a full disk (tmpfs mounts need root) ------------------------
mkdir ro full
if [ "$(id -u)" -ne 0 ]; then
    chmod 555 ro
    expect_exit 1 "read-only folder" "cannot create the study" -- "$N" "${SWEEP[@]}" -o ro/x.sqlite
elif mount -t tmpfs -o ro,size=64k tmpfs ro 2>/dev/null; then
    MOUNTS+=("$T/ro")
    expect_exit 1 "read-only folder" "Read-only file system" -- "$N" "${SWEEP[@]}" -o ro/x.sqlite
else
    echo "skip: read-only folder (cannot mount a tmpfs here)"
fi
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=320k tmpfs full 2>/dev/null; then
    MOUNTS+=("$T/full")
    expect_exit 1 "full disk" "the disk is full" -- \
        "$N" "${BIG[@]}" --batch 200 -o full/f.sqlite
    kept=$("$N" export full/f.sqlite results | wc -l)
    check "full disk keeps the committed results ($kept lines)" "$([ "$kept" -gt 1 ]; echo $?)"
    # Move the study to a disk with room and finish it: the same bytes as a full run.
    cp full/f.sqlite* .
    "$N" sweep --resume f.sqlite --quiet >/dev/null; check "resume after a full disk" $?
    cmp -s <("$N" export f.sqlite results) <("$N" export ref.sqlite results)
    check "resumed after full disk == uninterrupted (bytes)" $?
else
    echo "skip: full disk (cannot mount a small tmpfs here)"
fi

# ---- Report ------------------------------------------------------------------------------
"$N" report one.sqlite -o rep > report.txt; check "report" $?
for f in index.html fig-adopted.csv fig-adopted.gp fig-support.csv fig-moved.csv; do
    check "report has $f" "$([ -s "rep/$f" ]; echo $?)"
done
if command -v gnuplot >/dev/null; then
    for f in fig-adopted.svg fig-adopted.png; do
        check "report has $f" "$([ -s "rep/$f" ]; echo $?)"
    done
    check "index.html inlines 3 SVG figures" "$([ "$(grep -c '<svg' rep/index.html)" -eq 3 ]; echo $?)"
    check "index.html is self-contained (no <img> or external script)" \
        "$(! grep -qE '<img|<script src|<link ' rep/index.html; echo $?)"
fi
# Every figure CSV: a plain header, commas, the same number of fields on every row, no
# comment lines, numbers where numbers belong (what pandas and R read without options).
python3 - rep/*.csv <<'EOF'
import csv, sys
for name in sys.argv[1:]:
    with open(name, newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    assert header[:1] == ["series"] and header[-4:] == ["mean", "ci_low", "ci_high", "n"], header
    assert len(rows) > 1, name
    for r in rows[1:]:
        assert len(r) == len(header), (name, r)
        assert not r[0].startswith("#"), name
        float(r[1]); int(r[-1])
        for v in r[2:5]:
            if v != "":
                float(v)
EOF
check "figure CSVs are plain (python csv)" $?
if python3 -c "import pandas" 2>/dev/null; then
    python3 -c "import pandas,sys; [pandas.read_csv(f) for f in sys.argv[1:]]" rep/*.csv
    check "figure CSVs load in pandas" $?
else
    echo "skip: pandas not installed"
fi
if command -v Rscript >/dev/null; then
    Rscript -e 'for (f in commandArgs(TRUE)) stopifnot(ncol(read.csv(f)) == 6)' rep/*.csv
    check "figure CSVs load in R" $?
else
    echo "skip: R not installed"
fi
exit $fail
