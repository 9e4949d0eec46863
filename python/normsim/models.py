"""Forecasts: the collective-decision models on an actor table, the General Assembly's
vote, and one body's consensus negotiation. Each returns what the matching command
prints with --format csv, as DataFrames."""

import math

import pandas as pd

from ._lib import Context, Interrupt, Rows, World, cstr, ffi, lib, take_rows, text

__all__ = ["forecast", "models", "vote", "negotiate", "Negotiation"]

TABLE_COLUMNS = ("issue", "actor", "position", "salience", "capability")
OPTIONAL_COLUMNS = ("status_quo", "outcome", "scale_min", "scale_max")


def models():
    """The models `forecast` runs: name, version, summary, parameters (';'-joined)."""
    n = ffi.new("size_t *")
    arr = lib.ns_models(n)
    out = []
    for i in range(n[0]):
        m = arr[i]
        out.append({"name": text(m.name), "version": text(m.version),
                    "summary": text(m.summary),
                    "parameters": ";".join(text(m.params[p].name) for p in range(m.n_params))})
    return pd.DataFrame(out)


def _table_csv(df):
    """The long CSV text of an actor table DataFrame (the format of `normsim forecast`)."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError("forecast wants a DataFrame, not %s" % type(df).__name__)
    missing = [c for c in TABLE_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError("the actor table lacks the column(s) %s (it needs %s)"
                         % (", ".join(missing), ", ".join(TABLE_COLUMNS)))
    cols = list(TABLE_COLUMNS) + [c for c in OPTIONAL_COLUMNS if c in df.columns]
    # repr-exact floats, so that the library reads the very numbers of the DataFrame.
    return df[cols].to_csv(index=False, float_format="%.17g")


def _read_table(ctx, df, name):
    csv_text = _table_csv(df).encode("utf-8")
    out = ffi.new("ns_table_t **")
    ctx.check(lib.ns_table_read_mem(ctx.ptr, name.encode(), csv_text, len(csv_text), out))
    return out[0]


def _params(ctx, given):
    out = ffi.new("ns_params_t **")
    ctx.check(lib.ns_params_new(ctx.ptr, out))
    for key, value in given.items():
        st = lib.ns_params_set(out[0], str(key).encode(), str(value).encode())
        if st < 0:
            lib.ns_params_free(out[0])
            ctx.check(st)
    return out[0]


def forecast(df, model="eum", seed=0, max_rounds=0, strict=False, **params):
    """Forecast every issue of a long actor table with one model.

    df: columns issue, actor, position, salience, capability and optionally status_quo,
    outcome, scale_min, scale_max (NaN position or salience: the actor sits out). model:
    compromise, median, winset, nash, eum, exchange, smp (see models()); params: the
    model's parameters (e.g. loss="quadratic"). A model that needs a status quo skips
    the issues without one unless strict. Returns one row per issue: issue, forecast,
    the model's columns, outcome and abs_error when the table has outcomes, and model;
    the frame's attrs hold rounds, converged and skipped. Ctrl-C stops the run between rounds."""
    with Context() as ctx:
        m = ffi.new("const ns_model_type_t **")
        ctx.check(lib.ns_model_find(ctx.ptr, str(model).encode(), m))
        m = m[0]
        table = _read_table(ctx, df, "<DataFrame>")
        given = sub = f = ffi.NULL
        stop = Interrupt()
        try:
            given = _params(ctx, params)
            run = ffi.new("ns_run_options_t *")
            run.seed = int(seed)
            run.max_rounds = int(max_rounds)
            run.progress = stop.callback
            fout = ffi.new("ns_forecast_t **")
            if strict:
                st = lib.ns_forecast(ctx.ptr, m, table, given, run, fout)
            else:
                n_keep = ffi.new("size_t *")
                subp = ffi.new("ns_table_t **")
                st = lib.ns_forecast_status_quo_issues(ctx.ptr, m, table, given, run, ffi.NULL,
                                                       n_keep, subp, fout)
                sub = subp[0]
            f = fout[0]
            stop.raise_if_hit()
            ctx.check(st)
            t = sub if sub != ffi.NULL else table
            skipped = []
            if sub != ffi.NULL:
                kept = {text(sub.issue[i]) for i in range(sub.n_issues)}
                skipped = [text(table.issue[i]) for i in range(table.n_issues)
                           if text(table.issue[i]) not in kept]
            outcomes = any(not math.isnan(t.outcome[i]) for i in range(t.n_issues))
            names = ["issue", "forecast"] + [text(m.columns[c]) for c in range(m.n_columns)]
            if outcomes:
                names += ["outcome", "abs_error"]
            names += ["model"]
            rows = Rows(ctx, names)
            for i in range(t.n_issues):
                cells = [text(t.issue[i]), (f.forecast[i], 12)]
                cells += [(f.extra[i * f.n_columns + c], 12) for c in range(m.n_columns)]
                if outcomes:
                    cells += [(t.outcome[i], 12), (abs(f.forecast[i] - t.outcome[i]), 12)]
                rows.add(*cells, text(m.name))
            frame = rows.frame()
            frame.attrs.update(model=text(m.name), rounds=f.rounds, converged=bool(f.converged),
                               skipped=skipped)
            return frame
        finally:
            lib.ns_forecast_free(ctx.ptr, f)
            lib.ns_table_free(ctx.ptr, sub)
            lib.ns_table_free(ctx.ptr, table)
            lib.ns_params_free(given)


def vote(resolution=None, line=None, year=None, tally=None, recorded_tally=False, data=None,
         verified="all"):
    """Forecast every state's vote on a General Assembly text: a resolution of the data
    (resolution="A/RES/73/27") or a new text of a line in a year (line=..., year=...).
    tally: (yes, no, abstain) with the rest absent, or (yes, no, abstain, absent): fit
    the cut points to it. Returns iso3, vote, p_yes, p_abstain, p_no (as `normsim vote
    --format csv`); attrs hold the model (beta, sign, cuts) and where the cuts came from."""
    if (resolution is None) == (line is None):
        raise ValueError("give either resolution=SYMBOL or line=LINE with year=Y")
    if line is not None and year is None:
        raise ValueError("line needs year")
    if resolution is not None and year is not None:
        raise ValueError("year goes with line; a resolution has its own year")
    if recorded_tally and (tally is not None or resolution is None):
        raise ValueError("recorded_tally goes with resolution and not tally")
    req = ffi.new("ns_vote_request_t *")
    keep = [cstr(resolution), cstr(line)]
    req.resolution, req.line = keep
    req.year = int(year) if year is not None else 0
    req.recorded_tally = bool(recorded_tally)
    if tally is not None:
        counts = [int(x) for x in tally]
        if len(counts) not in (3, 4) or min(counts) < 0:
            raise ValueError("tally must be (yes, no, abstain[, absent]), counts >= 0")
        req.tally = True
        req.yes, req.no, req.abstain = counts[:3]
        if len(counts) == 4:
            req.absent = counts[3]
        req.absent_rest = len(counts) == 3
    with Context() as ctx, World(ctx, data, verified) as w:
        out = ffi.new("ns_vote_forecast_t **")
        ctx.check(lib.ns_vote_forecast(ctx.ptr, w.ptr, req, out))
        f = out[0]
        try:
            rows = Rows(ctx, ["iso3", "vote", "p_yes", "p_abstain", "p_no"])
            for i in range(f.n):
                r = f.rows[i]
                iso3 = text(lib.ns_world_state(w.ptr, r.state).iso3)
                if r.absent:
                    rows.add(iso3, "absent")
                else:
                    rows.add(iso3, text(lib.ns_vote_str(r.vote)), "%.4f" % r.p.yes,
                             "%.4f" % r.p.abstain, "%.4f" % r.p.no)
            frame = rows.frame()
            frame.attrs.update(year=f.year, line=text(f.line),
                               symbol=text(f.symbol) if f.symbol != ffi.NULL else None,
                               beta=f.model.beta, sign=f.model.sign, cut_no=f.model.cut_no,
                               cut_abstain=f.model.cut_abstain, cut_source=text(f.cut_source),
                               cut_from=text(f.cut_from), n_training=f.n_training,
                               n_absent=f.n_absent)
            return frame
        finally:
            lib.ns_vote_forecast_free(f)


class Negotiation:
    """One body's negotiation: outcome ("adopted" or "failed"), adopted (bool), p
    (P(consensus report) over position uncertainty) and band (its 90 % interval, lo and
    hi), package (one row per paragraph, the rows of `normsim negotiate --format csv`),
    blockers (blocker, will_needed, will, paragraphs), explanation (the story in plain
    sentences), seed and replicates."""

    def __repr__(self):
        return "<Negotiation %s %d: %s, P(report) %.3g [%.3g, %.3g], %d blockers>" % (
            self.body, self.year, self.outcome, self.p, self.band[0], self.band[1],
            len(self.blockers))


def _world_params(ctx, w, params):
    """KEY=VALUE over the world's parameters; a choice may be given by name."""
    for key, value in params.items():
        if isinstance(value, str):
            d = lib.ns_param_match(str(key).encode())
            choices = []
            if d != ffi.NULL and d.choices != ffi.NULL:
                c = 0
                while d.choices[c] != ffi.NULL:
                    choices.append(text(d.choices[c]))
                    c += 1
            if value in choices:
                value = choices.index(value)
            else:
                try:
                    value = float(value)
                except ValueError:
                    raise ValueError("parameter %s wants a number%s, not %r" % (
                        key, " or one of " + ", ".join(choices) if choices else "",
                        value)) from None
        ctx.check(lib.ns_world_set_param(ctx.ptr, w, str(key).encode(), float(value)))


def negotiate(body="GGE5", scenario=None, year=None, runs=None, seed=None, data=None,
              verified="all", **params):
    """Negotiate one body's report (`normsim negotiate --body BODY`): body GGE1..GGE6,
    OEWG1, OEWG2, GM, or a body of the scenario file; params are the process parameters
    (rounds=3, will_scale=2, cohesion_NATO... as keyword arguments; a key with a dot,
    such as "cohesion.NATO", through **{"cohesion.NATO": 0.5}). Returns a Negotiation.
    Ctrl-C stops the Monte Carlo between two replicates."""
    with Context() as ctx:
        sc = ffi.NULL
        wout = ffi.new("ns_world_t **")
        opts = ffi.new("ns_data_options_t *")
        data_dir = cstr(data)
        opts.dir = data_dir
        opts.filter = {"all": lib.NS_FILTER_ALL, "partly": lib.NS_FILTER_PARTLY,
                       "yes": lib.NS_FILTER_VERIFIED}[verified]
        pp = ffi.new("ns_process_params_t *")
        lib.ns_process_params_default(pp)
        neg = ffi.new("ns_negotiation_t *")
        stop = Interrupt()  # Ctrl-C stops the Monte Carlo between two replicates.
        pp.consensus.progress = stop.callback
        try:
            if scenario is not None:
                scp = ffi.new("ns_scenario_t **")
                ctx.check(lib.ns_scenario_load_file(ctx.ptr, str(scenario).encode(), scp))
                sc = scp[0]
                ctx.check(lib.ns_scenario_build_world(ctx.ptr, sc, opts, wout))
                pp.seed = lib.ns_scenario_seed(sc)
            else:
                ctx.check(lib.ns_data_load(ctx.ptr, opts, wout))
            w = wout[0]
            _world_params(ctx, w, params)
            ctx.check(lib.ns_process_params_read(ctx.ptr, w, pp))
            if runs is not None:
                if not 1 <= int(runs) <= 1000000:
                    raise ValueError("runs must be a whole number in 1..1000000")
                pp.replicates = pp.replicates_large = int(runs)
            if seed is not None:
                pp.seed = int(seed)
            bidx = ffi.new("size_t *")
            ctx.check(lib.ns_world_lookup_body(ctx.ptr, w, str(body).encode(), bidx))
            b = lib.ns_world_body(w, bidx[0])
            if b.kind == lib.NS_BODY_GA or b.decision == lib.NS_DECIDE_MAJORITY:
                raise ValueError("body %s decides by %s; negotiate runs bodies deciding by "
                                 "consensus, k_of_n or weighted_qmv (for the General "
                                 "Assembly see vote())" % (
                                     text(b.id), text(lib.ns_decision_rule_str(b.decision))))
            y = 0 if year is None else int(year)
            if year is not None and not 1945 <= y <= 2100:
                raise ValueError("year must be in 1945..2100, not %r" % year)
            st = lib.ns_process_negotiate(ctx.ptr, w, bidx[0], y, pp, neg)
            stop.raise_if_hit()
            ctx.check(st)
            return _negotiation(ctx, w, neg, pp)
        finally:
            lib.ns_negotiation_free(neg)
            lib.ns_world_free(wout[0])
            lib.ns_scenario_free(sc)


def _negotiation(ctx, w, n, p):
    t, r = n.table, n.result
    members = [text(t.member_names[i]) for i in range(t.m)]
    body_id = text(lib.ns_world_body(w, t.body).id)
    # The rows of `normsim negotiate --format csv`, built by the library for both.
    package = take_rows(ctx, lib.ns_process_package_rows, w, n, p)
    blockers = take_rows(ctx, lib.ns_process_blocker_rows, n)
    needed = ffi.new("size_t *")
    buf = ffi.new("char[]", 1 << 16)
    st = lib.ns_process_explain(ctx.ptr, n, buf, len(buf), needed)
    if st == lib.NS_ELIMIT:
        buf = ffi.new("char[]", needed[0] + 1)
        st = lib.ns_process_explain(ctx.ptr, n, buf, len(buf), needed)
    ctx.check(st)
    out = Negotiation()
    out.body, out.year, out.positions_year = body_id, t.year, t.positions_year
    out.members = members
    out.adopted = bool(r.adopted)
    out.outcome = "adopted" if r.adopted else "failed"
    out.p, out.band = n.mc.p, (n.mc.lo, n.mc.hi)
    out.replicates, out.seed = n.mc.replicates, p.seed
    out.package = package
    out.blockers = blockers
    out.explanation = text(buf)
    return out
