#!/usr/bin/env bash
# normsim-mpi sweep (docs/MPI.md): a study over 2 MPI ranks exports the same bytes as
# the plain normsim in one process; one rank is the plain sweep; --stop-after keeps the
# shards and an MPI --resume finishes them; bad arguments and an error on one rank end
# every rank with the same exit code and leave no output and no shard file behind.
# Skipped (77) when normsim-mpi was not built (no MPI found by CMake) or mpirun is missing.
set -u
. "$(dirname "$0")/lib.sh"
N=${NORMSIM:?NORMSIM must name the normsim binary}
M="${NS_BUILD_DIR:-$(dirname "$N")}/normsim-mpi"
if [ ! -x "$M" ]; then
    echo "skip: $M was not built (CMake found no MPI; scripts/deps.sh --test installs Open MPI)"
    exit 77
fi
MPIRUN=$(command -v mpirun || command -v mpiexec || true)
if [ -z "$MPIRUN" ]; then
    echo "skip: no mpirun on PATH"
    exit 77
fi
# Open MPI in a CI container: it runs as root, on 2 cores, maybe without ssh. Keep every
# rank to its end when one exits non-zero, so that each rank's exit code can be checked.
RUN=("$MPIRUN")
if "$MPIRUN" --version 2>/dev/null | grep -q "Open MPI"; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
    export OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_orte_abort_on_non_zero_status=0
    if ! command -v ssh >/dev/null && ! command -v rsh >/dev/null; then
        export OMPI_MCA_plm=isolated
    fi
    RUN+=(--oversubscribe --allow-run-as-root)
fi
if [ "${NS_SANITIZE:-0}" = 1 ]; then
    # Open MPI keeps its allocations to the end by design, which LeakSanitizer reports;
    # ASan and UBSan still check every access of normsim-mpi. The plain normsim's
    # leak checks (tests/cli/test_sweep.sh) cover the code the two share.
    MPI_ENV=(env "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0")
    RUNS=60
else
    MPI_ENV=()
    RUNS=400
fi
T=$(mktemp -d /tmp/ns-test-mpi-XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
fail=0
# mpi NP ARGS...: normsim-mpi on NP ranks; each rank writes its exit code to rc.RANK,
# and mpi returns the set of distinct codes ("2" when every rank exited 2).
mpi() {
    local np=$1
    shift
    rm -f rc.*
    "${MPI_ENV[@]}" "${RUN[@]}" -np "$np" bash -c '"$0" "$@"; echo $? > "rc.${OMPI_COMM_WORLD_RANK:-${PMI_RANK:-0}}"' \
        "$M" "$@" >out.txt 2>err.txt
    RANKS=$(cat rc.* 2>/dev/null | wc -l)
    CODES=$(cat rc.* 2>/dev/null | sort -u | tr '\n' ' ' | sed 's/ $//')
}
# expect_all NAME CODE NP PATTERN ARGS...: every rank exits CODE; stderr has PATTERN once.
expect_all() {
    local name=$1 code=$2 np=$3 pattern=$4
    shift 4
    mpi "$np" "$@"
    if [ "$RANKS" -ne "$np" ] || [ "$CODES" != "$code" ]; then
        echo "FAIL: $name: ranks $RANKS of $np exited with {$CODES}, expected all $code"
        cat err.txt
        fail=1
        return
    fi
    local n
    n=$(grep -c -- "$pattern" err.txt)
    if [ "$n" -ne 1 ]; then
        echo "FAIL: $name: '$pattern' appears $n times in stderr, expected once:"
        cat err.txt
        fail=1
        return
    fi
    echo "ok: $name (every rank exit $code, one message)"
}
no_files() { # no_files NAME GLOB...: none of the files exists
    local name=$1 f
    shift
    for f in "$@"; do
        if [ -e "$f" ]; then
            echo "FAIL: $name: $f exists"
            fail=1
            return
        fi
    done
    echo "ok: $name"
}

printf 'normsim: 1\nname: toy\nbase: none\nseed: 11\n' > s.yaml
SWEEP=(sweep s.yaml --model toy-unanimity --vary members=1:6:1 --vary proposal=0.2,0.5
       --runs "$RUNS" --threads 1)

# ---- Two ranks == one process, byte for byte ----------------------------------------
"$N" "${SWEEP[@]}" --quiet -o one.sqlite >/dev/null || { echo "FAIL: plain sweep"; exit 1; }
"$N" export one.sqlite results -o one.csv
# Progress on: it must come from rank 0 alone (one 100 % line, not one per rank).
mpi 2 "${SWEEP[@]}" -o two.sqlite
check "2 ranks: every rank exits 0 ({$CODES})" "$([ "$RANKS" -eq 2 ] && [ "$CODES" = 0 ]; echo $?)"
"$N" export two.sqlite results -o two.csv
# 12 points x RUNS runs x 3 metrics, plus the header.
check "results have $((12 * RUNS * 3 + 1)) lines" \
    "$([ "$(wc -l < two.csv)" -eq $((12 * RUNS * 3 + 1)) ]; echo $?)"
cmp -s one.csv two.csv; check "2 ranks == one process (results, bytes)" $?
grep -q "^two.sqlite: 12 points x $RUNS runs; $((12 * RUNS)) replicates stored, 0 missing; 2 ranks merged" out.txt
check "rank 0 reports the merged study once" "$([ $? -eq 0 ] && [ "$(wc -l < out.txt)" -eq 1 ]; echo $?)"
check "progress from rank 0 only" "$([ "$(grep -c '100\.0%' err.txt)" -eq 1 ]; echo $?)"
"$N" export two.sqlite study -o study.csv
check "the output is the merge of 2 shards" \
    "$(grep -q '^shard,merged$' study.csv && grep -q '^merged_from,2$' study.csv; echo $?)"
no_files "the shard files are removed after the merge" two-shard*
# The grid too (points table), and the same per-point summary.
cmp -s <("$N" export one.sqlite points) <("$N" export two.sqlite points)
check "2 ranks == one process (points, bytes)" $?

# ---- Three ranks (shards of unequal sizes are fine too): the same bytes ---------------
mpi 3 "${SWEEP[@]}" --quiet -o three.sqlite
cmp -s one.csv <("$N" export three.sqlite results); check "3 ranks == one process (bytes)" $?

# ---- One rank is the plain sweep: a shard 0/1 study, no merge ----------------------------
mpi 1 "${SWEEP[@]}" --quiet -o solo.sqlite
check "1 rank: exit 0" "$([ "$CODES" = 0 ]; echo $?)"
grep -q "missing in this shard" out.txt; check "1 rank prints the plain sweep's line" $?
check "1 rank writes shard 0/1 like normsim sweep" \
    "$("$N" export solo.sqlite study | grep -q '^shard,0/1$'; echo $?)"
cmp -s one.csv <("$N" export solo.sqlite results); check "1 rank == one process (bytes)" $?
# --shard is the plain sweep's business: allowed on one rank, refused on two.
mpi 1 "${SWEEP[@]}" --quiet --shard 1/2 -o half.sqlite
check "1 rank accepts --shard" "$([ "$CODES" = 0 ] && [ -e half.sqlite ]; echo $?)"

# ---- Bad arguments: every rank exits 2, one message, no file -----------------------------
expect_all "unknown option" 2 2 "unknown option '--bogus'" "${SWEEP[@]}" --bogus -o bad.sqlite
expect_all "unknown parameter" 2 2 "no parameter 'size'" \
    sweep s.yaml --model toy-unanimity --vary size=1,2 --runs 3 -o bad.sqlite
expect_all "--shard with 2 ranks" 2 2 "shard is for the plain normsim" \
    "${SWEEP[@]}" --shard 0/2 -o bad.sqlite
expect_all "missing scenario" 2 2 "nope.yaml" sweep nope.yaml --runs 3 -o bad.sqlite
no_files "no output or shard left by refused sweeps" bad.sqlite bad-shard*
sum=$(cksum < one.sqlite)
expect_all "existing output refused" 2 2 "one.sqlite: the file exists" "${SWEEP[@]}" -o one.sqlite
check "the existing output is untouched" "$([ "$(cksum < one.sqlite)" = "$sum" ]; echo $?)"
no_files "no shard beside the refused output" one-shard*

# ---- An error on one rank only: both exit non-zero, rank 0's fresh shard is removed ------
# Rank 1's shard name is a dangling symlink: a new study is never written through one,
# so rank 1 is refused (exit 2) while rank 0 makes its own shard.
ln -s /nonexistent/x lone-shard1of2.sqlite
expect_all "one rank cannot create its shard" 2 2 "lone-shard1of2.sqlite: a symbolic link" \
    "${SWEEP[@]}" --quiet -o lone.sqlite
no_files "no output, and rank 0's empty shard removed" lone.sqlite lone-shard0of2.sqlite
rm -f lone-shard1of2.sqlite
# A leftover shard of an earlier run is never overwritten.
cp one.sqlite left-shard1of2.sqlite
expect_all "a leftover shard is refused" 2 2 "left-shard1of2.sqlite: the file exists" \
    "${SWEEP[@]}" --quiet -o left.sqlite
no_files "nothing made beside the leftover shard" left.sqlite left-shard0of2.sqlite

# ---- --stop-after keeps the shards; an MPI --resume finishes and merges them --------------
mpi 2 "${SWEEP[@]}" --quiet --batch 10 --stop-after 2 -o part.sqlite
check "stopped run: every rank exits 0" "$([ "$CODES" = 0 ]; echo $?)"
check "stopped run: no output, both shards kept" \
    "$([ ! -e part.sqlite ] && [ -e part-shard0of2.sqlite ] && [ -e part-shard1of2.sqlite ]; echo $?)"
grep -q "stopped with $((12 * RUNS - 40)) replicates missing" out.txt
check "stopped run reports the missing replicates (2 ranks x 2 batches x 10 done)" $?
expect_all "resume with another number of ranks" 2 3 "with as many ranks as it had" \
    sweep --resume part.sqlite --quiet
mpi 2 sweep --resume part.sqlite --quiet
check "MPI resume: every rank exits 0" "$([ "$CODES" = 0 ]; echo $?)"
cmp -s one.csv <("$N" export part.sqlite results); check "stopped + resumed == one process (bytes)" $?
no_files "resumed: the shards are removed" part-shard*
expect_all "MPI resume of a finished study" 2 2 "part.sqlite: the file exists" \
    sweep --resume part.sqlite

# ---- The plain normsim knows nothing of MPI ------------------------------------------------
if command -v ldd >/dev/null; then
    ! ldd "$N" | grep -q libmpi; check "the plain normsim does not link MPI" $?
fi
exit $fail
