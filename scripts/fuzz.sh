#!/usr/bin/env bash
# Build the libFuzzer targets of fuzz/ with clang (ASan + UBSan) and run each for a set
# time. Exits 1 when a target finds a crash, a leak, a timeout or a broken promise, and
# prints where the input that triggers it was saved.
#
#   bash scripts/fuzz.sh                 every target, 60 s each
#   bash scripts/fuzz.sh table scenario  only these
#   FUZZ_TIME=600 FUZZ_JOBS=2 bash scripts/fuzz.sh
#
# Environment: FUZZ_TIME (seconds per target, default 60), FUZZ_JOBS (targets run at the
# same time, default 1), FUZZ_BUILD (build directory, default build-fuzz), CC (default
# clang). Each target fuzzes a working copy of its seeds (FUZZ_BUILD/corpus/TARGET), so
# the seeds in fuzz/corpus stay as committed; crashes go to FUZZ_BUILD/artifacts/TARGET.
# A crash found should be copied to tests/fuzz/regressions/TARGET/ once fixed, where
# the unit test test_fuzz_regressions replays it in every build.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
build=${FUZZ_BUILD:-build-fuzz}
case $build in /*) ;; *) build=$root/$build ;; esac
time_per=${FUZZ_TIME:-60}
jobs=${FUZZ_JOBS:-1}
all_targets="csv table decide ktab wide forecast scenario canon data edges"
targets=${*:-$all_targets}

for t in $targets; do
    case " $all_targets " in
        *" $t "*) ;;
        *) echo "fuzz.sh: unknown target '$t' (targets: $all_targets)" >&2; exit 2 ;;
    esac
done
if ! command -v "${CC:-clang}" >/dev/null 2>&1; then
    echo "fuzz.sh: ${CC:-clang} not found; libFuzzer needs clang" >&2
    exit 2
fi

echo "fuzz.sh: building the targets in $build"
if ! CC=${CC:-clang} cmake -S "$root" -B "$build" -G Ninja -DNS_FUZZ=ON -DNS_SANITIZE=ON \
        -DNS_WERROR=OFF -DBUILD_TESTING=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null ||
    ! cmake --build "$build" --target fuzz_all >"$build/fuzz-build.log" 2>&1; then
    echo "fuzz.sh: build failed (see $build/fuzz-build.log)" >&2
    exit 2
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# Run one target; its log is $build/logs/TARGET.log.
run_one() {
    local t=$1
    local work=$build/corpus/$t art=$build/artifacts/$t/ log=$build/logs/$t.log
    mkdir -p "$work" "$art" "$build/logs"
    rm -f "$build/logs/$t.rc"
    "$build/fuzz/fuzz_$t" -seed=1 -max_total_time="$time_per" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$art" \
        "$work" "$root/fuzz/corpus/$t" >"$log" 2>&1
    echo $? >"$build/logs/$t.rc"
}

start=$(date +%s)
declare -A pids=()
for t in $targets; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
        wait -n
    done
    echo "fuzz.sh: $t for ${time_per}s"
    run_one "$t" &
    pids[$t]=$!
done

failed=0
printf '%-10s %12s %10s %8s  %s\n' target executions exec/s corpus result
for t in $targets; do
    wait "${pids[$t]}" 2>/dev/null
    rc=$(cat "$build/logs/$t.rc" 2>/dev/null || echo 1)
    log=$build/logs/$t.log
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    units=$(ls "$build/corpus/$t" 2>/dev/null | wc -l)
    crash=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
    if [ "$rc" -eq 0 ]; then
        result=ok
    else
        result="FINDING (exit $rc)"
        failed=1
    fi
    printf '%-10s %12s %10s %8s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "$units" "$result"
    if [ "$rc" -ne 0 ]; then
        echo "    log: $log"
        [ -n "$crash" ] && echo "    input: $crash (replay: $build/fuzz/fuzz_$t $crash)"
    fi
done
echo "fuzz.sh: done in $(($(date +%s) - start)) s"
exit "$failed"
