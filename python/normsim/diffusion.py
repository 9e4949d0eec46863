"""Diffusion of norms after a consensus report (`normsim diffuse`), and the fit of the
diffusion model on adoption events (`normsim diffuse --fit-file`), as DataFrames."""

import os
import tempfile

import pandas as pd

from ._lib import Context, Interrupt, World, cstr, ffi, lib, take_rows, text

__all__ = ["diffuse", "fit", "Fit", "series", "PARAMETERS"]

# The fields of ns_diffusion_params_t that diffuse() takes as keyword arguments.
PARAMETERS = ("spont_rate", "spont_capacity", "theta_median", "theta_spread", "disadopt",
              "tipping", "cascade_scale", "impl_rate", "impl_peer", "internal_rate",
              "cb_boost", "cb_below")
# The paper's options (docs/DIFFUSION.md) by their keyword names.
OPTIONS = {"capacity_building": "capacity-building", "channel": "channel",
           "mandate": "mandate"}


def _world(ctx, scenario, data, params_out=None):
    """The world of a scenario (its diffusion parameters and seed) or of the data."""
    opts = ffi.new("ns_data_options_t *")
    keep = cstr(data)
    opts.dir = keep
    out = ffi.new("ns_world_t **")
    seed = None
    if scenario is None:
        ctx.check(lib.ns_data_load(ctx.ptr, opts, out))
        return out[0], seed
    sc = ffi.new("ns_scenario_t **")
    try:
        ctx.check(lib.ns_scenario_load_file(ctx.ptr, os.fspath(scenario).encode(), sc))
        ctx.check(lib.ns_scenario_build_world(ctx.ptr, sc[0], opts, out))
        if params_out is not None:
            st = lib.ns_diffusion_params_from_world(ctx.ptr, out[0], params_out)
            if st < 0:
                lib.ns_world_free(out[0])
                ctx.check(st)
        seed = lib.ns_scenario_seed(sc[0])
    finally:
        lib.ns_scenario_free(sc[0])
    return out[0], seed


def diffuse(norm=None, instrument=None, years=None, runs=1000, seed=None, scenario=None,
            edges=None, group=None, data=None, **params):
    """Adoption curves of a norm ("2015a"), an adoption series ("instrument[:event]") or
    (neither) every norm of the 2015 report: one row per item, group and year with the
    columns of `normsim diffuse --format csv` (mean and 5th-95th percentile band over the
    runs, in numbers of states). years: (first, last) or first. group: keep one group
    (all, AFR, APG, EEG, GRULAC, WEOG). params: capacity_building="developing"|"all"|
    "none", channel="regional"|"all", mandate="implementation"|"norms", and any of
    PARAMETERS (e.g. theta_median=30). seed None: the scenario's, else 1. Ctrl-C stops the
    call between two runs."""
    unknown = [k for k in params if k not in OPTIONS and k not in PARAMETERS]
    if unknown:
        raise ValueError("unknown diffusion parameter(s) %s (options: %s; parameters: %s)" % (
            ", ".join(unknown), ", ".join(OPTIONS), ", ".join(PARAMETERS)))
    with Context() as ctx:
        opt = ffi.new("ns_diffuse_options_t *")
        lib.ns_diffuse_options_default(opt)
        for key, name in OPTIONS.items():
            if key in params:
                ctx.check(lib.ns_diffusion_params_option(ctx.ptr, ffi.addressof(opt, "params"),
                                                         name.encode(),
                                                         str(params[key]).encode()))
        world, sc_seed = _world(ctx, scenario, data, ffi.addressof(opt, "params"))
        res = ffi.new("ns_diffuse_result_t **")
        try:
            for key in PARAMETERS:
                if key in params:
                    setattr(opt.params, key, float(params[key]))
            ctx.check(lib.ns_diffusion_params_check(ctx.ptr, ffi.addressof(opt, "params")))
            if years is not None:
                first, last = (years, 0) if isinstance(years, int) else tuple(years)
                opt.first_year, opt.last_year = int(first), int(last)
            if int(runs) < 1:
                raise ValueError("runs must be at least 1")
            opt.runs = int(runs)
            if seed is not None:
                opt.seed = int(seed)
            elif sc_seed is not None:
                opt.seed = sc_seed
            keep = [cstr(norm), cstr(instrument), cstr(edges)]
            opt.norm, opt.instrument, opt.edges = keep
            stop = Interrupt()  # Ctrl-C stops the call between two runs.
            opt.progress = stop.callback
            st = lib.ns_diffuse(ctx.ptr, world, opt, res)
            stop.raise_if_hit()
            ctx.check(st)
            frame = take_rows(ctx, lib.ns_diffuse_result_rows, res[0])
        finally:
            lib.ns_diffuse_result_free(res[0])
            lib.ns_world_free(world)
        if group is not None and group != "all":
            g = ffi.new("ns_ungroup_t *")
            if lib.ns_ungroup_parse(str(group).encode(), g) != 0:
                raise ValueError("group must be all, AFR, APG, EEG, GRULAC or WEOG, not %r"
                                 % group)
            group = text(lib.ns_ungroup_id(g[0]))
        if group is not None:
            frame = frame[frame["group"] == group].reset_index(drop=True)
        frame.attrs.update(runs=opt.runs, seed=opt.seed)
        return frame


def series(data=None):
    """The adoption series of the data ("instrument:event" names)."""
    with Context() as ctx, World(ctx, data) as w:
        return take_rows(ctx, lib.ns_adoption_series_list, w.ptr)


class Fit:
    """The fit of the diffusion model on adoption events: years (year, observed,
    predicted, lo, hi, held_out), states (iso3, adopted_year, p_by_end), compare (the
    diffusion model, Bass and logistic side by side), and the fitted parameters."""

    def __repr__(self):
        return "<Fit %s %d..%d (held out after %d): theta_median %.4g, spont_rate %.4g>" % (
            self.series, self.first_year, self.last_year, self.cutoff_year,
            self.params["theta_median"], self.params["spont_rate"])


def fit(events, event=None, holdout_from=None, runs=1000, seed=1, scenario=None, data=None):
    """Fit the diffusion model on a DataFrame of adoption events with the columns iso3
    (a code or a name) and date (a year or an ISO date) and optionally event, as
    `normsim diffuse --fit-file EVENTS.csv` does. holdout_from: fit on the years before
    it and forecast the rest. Returns a Fit. Errors name the row as
    <events>:LINE:COLUMN (line 1 is the header)."""
    if not isinstance(events, pd.DataFrame):
        raise TypeError("fit wants a DataFrame of events, not %s" % type(events).__name__)
    cols = [c for c in ("iso3", "date", "event") if c in events.columns]
    with tempfile.TemporaryDirectory(prefix="normsim-") as tmp, Context() as ctx:
        path = os.path.join(tmp, "events.csv")
        frame = events[cols].copy()
        if "date" in frame and pd.api.types.is_float_dtype(frame["date"]):
            frame["date"] = frame["date"].map(lambda v: "" if pd.isna(v) else "%d" % v)
        frame.to_csv(path, index=False)
        opt = ffi.new("ns_fit_file_options_t *")
        lib.ns_fit_file_options_default(opt)
        keep = cstr(event)
        opt.event = keep
        if holdout_from is not None:
            opt.holdout_from = int(holdout_from)
        if int(runs) < 1:
            raise ValueError("runs must be at least 1")
        opt.runs, opt.seed = int(runs), int(seed)
        base = ffi.new("ns_diffusion_params_t *")
        lib.ns_diffusion_params_default(base)
        world, _ = _world(ctx, scenario, data, base)
        out = ffi.new("ns_fit_t **")
        try:
            st = lib.ns_fit_file(ctx.ptr, world, path.encode(), opt, base, out)
            if st < 0:
                err = ctx.error(st)
                err.args = (err.message.replace(path, "<events>"),)
                err.message = err.args[0]
                err.file = "<events>" if err.file == path else err.file
                raise err
            result = Fit()
            result.years = take_rows(ctx, lib.ns_fit_file_rows, out[0])
            result.states = take_rows(ctx, lib.ns_fit_state_rows, out[0])
            result.compare = take_rows(ctx, lib.ns_fit_compare_rows, out[0])
            s = ffi.new("ns_fit_summary_t *")
            lib.ns_fit_summary(out[0], s)
            result.series = text(s.series).replace(path, "<events>")
            result.first_year, result.cutoff_year = s.first_year, s.cutoff_year
            result.last_year = s.last_year
            result.n_states, result.n_adopters = s.n_states, s.n_exact
            result.loglik = s.loglik
            result.params = {k: getattr(s.full, k) for k in PARAMETERS}
            result.train_params = {k: getattr(s.train, k) for k in PARAMETERS}
            return result
        finally:
            lib.ns_fit_free(out[0])
            lib.ns_world_free(world)
