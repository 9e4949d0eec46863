#!/usr/bin/python3
"""The cost of Python: a forecast of a 193-actor, 9-issue table through the normsim
package against the same call from C (bench_forecast193, which also writes the table).
Issue 17 asks for Python within 2x of C. Times are CPU seconds of the process (as the C
benchmarks), the best of several runs.

    bench/bench_python.py BUILD-BENCH/bench/bench_forecast193 [LIBNORMSIM.so]

Run with Debian's /usr/bin/python3 (python3-cffi, python3-pandas); `make bench` does.
SPDX-License-Identifier: GPL-3.0-or-later
"""

import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def best_of(reps, fn):
    best = float("inf")
    for _ in range(reps):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    c_bench = sys.argv[1]
    if len(sys.argv) > 2:
        os.environ["NORMSIM_LIB"] = sys.argv[2]
    sys.path.insert(0, os.path.join(HERE, "..", "python"))
    import pandas as pd
    import normsim

    with tempfile.TemporaryDirectory(prefix="normsim-bench-") as tmp:
        path = os.path.join(tmp, "un193x9.csv")
        out = subprocess.run([c_bench, path], check=True, capture_output=True, text=True)
        df = pd.read_csv(path)
    c_times = {}
    for line in out.stdout.splitlines():
        _, model, rounds, seconds = line.split()
        c_times[model] = (int(rounds), float(seconds))
    assert df.actor.nunique() == 193 and df.issue.nunique() == 9
    print("%-34s %12s %12s %7s" % ("forecast of 193 actors x 9 issues", "C", "Python",
                                   "ratio"))
    for model, reps in (("eum", 5), ("compromise", 20)):
        rounds, c_s = c_times[model]
        py_s = best_of(reps, lambda: normsim.forecast(df, model=model, max_rounds=rounds,
                                                      seed=0))
        label = "%s (%d round%s)" % (model, rounds, "s" if rounds > 1 else "")
        print("%-34s %9.2f ms %9.2f ms %6.2fx" % (label, 1e3 * c_s, 1e3 * py_s, py_s / c_s))


if __name__ == "__main__":
    main()
