"""Studies: Monte Carlo replicates over a grid of parameters in a SQLite study file
(`normsim sweep`), and their tables (`normsim export`) as DataFrames."""

import os
import tempfile

from ._lib import Context, cstr, export_csv, ffi, lib

__all__ = ["Study", "sweep"]


class Study:
    """A study file written by sweep() or `normsim sweep`."""

    def __init__(self, path):
        self.path = os.fspath(path)
        if not os.path.exists(self.path):
            raise FileNotFoundError("no study file %s" % self.path)

    def __repr__(self):
        return "Study(%r)" % self.path

    def _read(self, fn):
        """fn(ctx, store) on the file opened read-only (no writer claim: a sweep may be
        writing it meanwhile)."""
        with Context() as ctx:
            out = ffi.new("ns_store_t **")
            ctx.check(lib.ns_store_open(ctx.ptr, self.path.encode(), lib.NS_STORE_READ, out))
            try:
                return fn(ctx, out[0])
            finally:
                lib.ns_store_close(out[0])

    def _export(self, table):
        def export(ctx, store):
            with tempfile.TemporaryDirectory(prefix="normsim-") as tmp:
                path = os.path.join(tmp, table + ".csv")
                return export_csv(
                    ctx, lambda f: lib.ns_store_export(ctx.ptr, store, table.encode(), f), path)
        return self._read(export)

    def stored(self):
        """How many replicates have results (read-only)."""
        def count(ctx, store):
            rows, replicates = ffi.new("uint64_t *"), ffi.new("uint64_t *")
            ctx.check(lib.ns_store_count(ctx.ptr, store, rows, replicates))
            return int(replicates[0])
        return self._read(count)

    def points(self):
        """One row per point of the grid: point, then one column per parameter."""
        return self._export("points")

    def results(self, joined=True):
        """Every replicate's metrics, long: point, replicate, metric, value (as `normsim
        export STUDY results`); joined (default) adds each point's parameter values,
        after `point`."""
        results = self._export("results")
        if not joined:
            return results
        points = self.points()
        merged = results.merge(points, on="point", how="left")
        params = [c for c in points.columns if c != "point"]
        return merged[["point"] + params + ["replicate", "metric", "value"]]

    def summary(self):
        """Per point and metric: the parameters, n, mean, sd, se, ci_low, ci_high."""
        return self._export("summary")

    def provenance(self):
        """The study's key/value provenance (scenario, versions, model, seed, grid) as a
        dict."""
        t = self._export("study")
        return dict(zip(t["key"], t["value"].astype(str)))

    def resume(self, threads=0, batch=0):
        """Run the replicates still missing (after an interrupted sweep)."""
        with Context() as ctx:
            out = ffi.new("ns_study_t **")
            ctx.check(lib.ns_study_resume(ctx.ptr, self.path.encode(), ffi.NULL, False, out))
            _run(ctx, out[0], threads, batch)
        return self

    def missing(self):
        """Replicates of this study (or shard) still missing. Opens the file as its writer
        would, so it fails while a sweep is writing it."""
        with Context() as ctx:
            out = ffi.new("ns_study_t **")
            ctx.check(lib.ns_study_resume(ctx.ptr, self.path.encode(), ffi.NULL, False, out))
            try:
                n = ffi.new("uint64_t *")
                ctx.check(lib.ns_study_missing(out[0], n))
                return int(n[0])
            finally:
                lib.ns_study_free(out[0])


def _run(ctx, study, threads, batch):
    """Run a study's missing replicates one batch per library call, so that Ctrl-C (a
    KeyboardInterrupt raised between two calls) stops it cleanly: every finished batch is
    committed and Study.resume() finishes the rest."""
    try:
        opt = ffi.new("ns_study_run_options_t *")
        opt.threads = int(threads)
        opt.batch = int(batch)
        opt.max_batches = 1
        missing = ffi.new("uint64_t *")
        while True:
            ctx.check(lib.ns_study_run(study, opt))
            ctx.check(lib.ns_study_missing(study, missing))
            if missing[0] == 0:
                return
    finally:
        lib.ns_study_free(study)


def _vary_specs(vary):
    if isinstance(vary, dict):
        specs = []
        for k, v in vary.items():
            if isinstance(v, (list, tuple, range)):
                v = ",".join(str(x) for x in v)
            specs.append("%s=%s" % (k, v))
        return specs
    if isinstance(vary, str):
        return [vary]
    return [str(v) for v in vary]


def sweep(scenario, vary, runs, output, model="frontier", seed=None, threads=0, batch=0,
          data=None):
    """Run `runs` replicates at every point of a grid into a new study file (as `normsim
    sweep SCENARIO --vary ... --runs N -o OUTPUT`) and return the Study.

    vary: {"body_size": [15, 25], "membership": "rotation,open"} (the last varies
    fastest), or a list of "PARAM=SPEC" strings (a,b,c or from:to:step). seed None: the
    scenario's. Ctrl-C stops it after the batch running (the file is resumable:
    Study(output).resume())."""
    with open(scenario, "rb") as f:
        scenario_text = f.read()
    specs = _vary_specs(vary)
    with Context() as ctx:
        keep = [cstr(s) for s in specs]
        vary_arr = ffi.new("const char *[]", keep) if keep else ffi.NULL
        if seed is None:
            sc = ffi.new("ns_scenario_t **")
            ctx.check(lib.ns_scenario_load_mem(ctx.ptr, os.fspath(scenario).encode(),
                                               scenario_text, len(scenario_text), sc))
            seed = lib.ns_scenario_seed(sc[0])
            lib.ns_scenario_free(sc[0])
        spec = ffi.new("ns_study_spec_t *")
        names = [cstr(os.fspath(scenario)), ffi.new("char[]", scenario_text), cstr(model)]
        spec.scenario_file, spec.scenario_text, spec.model = names
        spec.seed = int(seed)
        spec.runs = int(runs)
        spec.vary = vary_arr
        spec.n_vary = len(keep)
        opts = ffi.new("ns_data_options_t *")
        data_dir = cstr(data)
        opts.dir = data_dir
        spec.data = opts
        out = ffi.new("ns_study_t **")
        ctx.check(lib.ns_study_create(ctx.ptr, os.fspath(output).encode(), spec, out))
        _run(ctx, out[0], threads, batch)
    return Study(output)
