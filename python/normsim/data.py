"""The recorded UN dataset as DataFrames: the tables of `normsim data TABLE --format csv`,
column for column."""

from ._lib import Context, Rows, World, ffi, lib, text

__all__ = ["states", "bodies", "members", "resolutions", "votes", "norms", "positions",
           "participation", "version"]


def version():
    """The version of the built-in data ("un-YYYY.MM.N")."""
    return text(lib.ns_data_version())


def _verified(v):
    return text(lib.ns_verified_str(v))


def states(data=None, verified="all"):
    """The 193 UN member states: iso3, m49, name, un_group, p5, un_member_since,
    capability (GDP share of the largest economy)."""
    with Context() as ctx, World(ctx, data, verified) as w:
        rows = Rows(ctx, ["iso3", "m49", "name", "un_group", "p5", "un_member_since",
                          "capability"])
        for i in range(lib.ns_world_state_count(w.ptr)):
            s = lib.ns_world_state(w.ptr, i)
            rows.add(text(s.iso3), str(s.m49), text(s.name), text(lib.ns_ungroup_name(s.group)),
                     "1" if s.p5 else "0", str(s.member_since),
                     (lib.ns_world_capability(w.ptr, i), 4))
        return rows.frame()


def _outcome(o):
    return {lib.NS_OUTCOME_ADOPTED: "adopted", lib.NS_OUTCOME_FAILED: "failed"}.get(o, "unknown")


def bodies(data=None, verified="all"):
    """GGE1..GGE6, OEWG1, OEWG2, the Global Mechanism and the General Assembly."""
    with Context() as ctx, World(ctx, data, verified) as w:
        rows = Rows(ctx, ["id", "kind", "start_year", "end_year", "membership", "decision",
                          "seats", "n_members", "chair_iso3", "chair", "report_symbol",
                          "outcome", "stakeholders", "verified"])
        for i in range(lib.ns_world_body_count(w.ptr)):
            b = lib.ns_world_body(w.ptr, i)
            chair = text(lib.ns_world_state(w.ptr, b.chair).iso3) if b.chair >= 0 else ""
            hist = b.membership == lib.NS_MEMBERS_HISTORICAL
            rows.add(text(b.id), text(lib.ns_body_kind_str(b.kind)), str(b.start_year),
                     str(b.end_year) if b.end_year != 0 else None,
                     text(lib.ns_membership_rule_str(b.membership)),
                     text(lib.ns_decision_rule_str(b.decision)),
                     str(b.seats) if hist else None, str(b.n_members) if hist else None,
                     chair, text(b.chair_name), text(b.report_symbol), _outcome(b.outcome),
                     "yes" if b.stakeholders_consulted else "no", _verified(b.verified))
        return rows.frame()


def members(data=None, verified="all"):
    """One row per recorded member of a body (the GGEs): body, start_year, end_year,
    iso3, name, un_group, verified."""
    with Context() as ctx, World(ctx, data, verified) as w:
        rows = Rows(ctx, ["body", "start_year", "end_year", "iso3", "name", "un_group",
                          "verified"])
        for i in range(lib.ns_world_body_count(w.ptr)):
            b = lib.ns_world_body(w.ptr, i)
            for m in range(b.n_members):
                s = lib.ns_world_state(w.ptr, b.members[m])
                rows.add(text(b.id), str(b.start_year), str(b.end_year), text(s.iso3),
                         text(s.name), text(lib.ns_ungroup_name(s.group)),
                         _verified(b.member_verified[m]))
        return rows.frame()


def _resolution_id(r):
    sym = text(r.symbol)
    return sym if sym else "session:%d" % r.session


def resolutions(data=None, verified="all"):
    """The General Assembly's resolutions and decisions on ICTs."""
    adoption = {lib.NS_ADOPT_RECORDED_VOTE: "recorded_vote",
                lib.NS_ADOPT_WITHOUT_VOTE: "without_vote"}
    with Context() as ctx, World(ctx, data, verified) as w:
        rows = Rows(ctx, ["id", "kind", "session", "date", "line", "committee", "lead_sponsor",
                          "adoption", "yes", "no", "abstain", "rcid", "verified", "title"])
        for i in range(lib.ns_world_resolution_count(w.ptr)):
            r = lib.ns_world_resolution(w.ptr, i)
            sponsor = text(lib.ns_world_state(w.ptr, r.lead_sponsor).iso3) \
                if r.lead_sponsor >= 0 else ""
            rows.add(_resolution_id(r), text(r.kind), str(r.session), text(r.date),
                     text(r.line), text(r.committee), sponsor,
                     adoption.get(r.adoption, "unknown"),
                     *[str(n) if n >= 0 else None for n in (r.yes, r.no, r.abstain)],
                     str(r.rcid) if r.rcid > 0 else None, _verified(r.verified), text(r.title))
        return rows.frame()


def votes(resolution=None, data=None, verified="all"):
    """The recorded roll calls, one row per state and resolution (resolution: keep the
    one with this symbol)."""
    with Context() as ctx, World(ctx, data, verified) as w:
        rows = Rows(ctx, ["resolution", "date", "iso3", "name", "vote"])
        for i in range(lib.ns_world_vote_count(w.ptr)):
            v = lib.ns_world_vote(w.ptr, i)
            r = lib.ns_world_resolution(w.ptr, v.resolution)
            if resolution is not None and text(r.symbol) != resolution:
                continue
            s = lib.ns_world_state(w.ptr, v.state)
            rows.add(_resolution_id(r), text(r.date), text(s.iso3), text(s.name),
                     text(lib.ns_vote_str(v.vote)))
        return rows.frame()


def norms(data=None, verified="all"):
    """The eleven voluntary norms of the 2015 report (A/70/174)."""
    with Context() as ctx, World(ctx, data, verified) as w:
        rows = Rows(ctx, ["id", "report", "paragraph", "body", "year", "verified", "label"])
        for i in range(lib.ns_world_norm_count(w.ptr)):
            n = lib.ns_world_norm(w.ptr, i)
            body = text(lib.ns_world_body(w.ptr, n.body).id) if n.body >= 0 else ""
            rows.add(text(n.id), text(n.report), text(n.paragraph), body, str(n.year),
                     _verified(n.verified), text(n.label))
        return rows.frame()


def participation(data=None, verified="all"):
    """GGE participation beside the paper's figures: the long table of
    `normsim data participation --format csv`."""
    from ._lib import take_rows
    with Context() as ctx, World(ctx, data, verified) as w:
        return take_rows(ctx, lib.ns_participation_table, w.ptr)


def positions(year=None, dimension=None, data=None, verified="all"):
    """Where each UN member of `year` stands on the nine dimensions (model estimates,
    docs/POSITIONS.md): iso3, year, dimension, position, sd, salience. year None: the
    position model's last year."""
    with Context() as ctx, World(ctx, data, verified) as w:
        first, last = ffi.new("int *"), ffi.new("int *")
        ctx.check(lib.ns_positions_years(ctx.ptr, w.ptr, first, last))
        year = last[0] if year is None else int(year)
        dims = lib.ns_positions_map()
        ids = [text(dims[d].id) for d in range(lib.NS_POS_NDIM)]
        if dimension is not None and dimension not in ids:
            raise ValueError("no dimension %r (%s)" % (dimension, ", ".join(ids)))
        anchors = ffi.new("ns_pos_anchors_t *")
        acc = ffi.new("ns_pos_account_t *")
        ctx.check(lib.ns_positions_anchors(ctx.ptr, w.ptr, year, anchors))
        rows = Rows(ctx, ["iso3", "year", "dimension", "position", "sd", "salience"])
        for s in range(lib.ns_world_state_count(w.ptr)):
            if not lib.ns_world_is_member(w.ptr, s, year):
                continue
            ctx.check(lib.ns_positions_explain(ctx.ptr, w.ptr, anchors, s, acc))
            iso3 = text(lib.ns_world_state(w.ptr, s).iso3)
            for d in range(lib.NS_POS_NDIM):
                if dimension is not None and ids[d] != dimension:
                    continue
                res = acc.dim[d].result
                rows.add(iso3, str(year), ids[d], "%.2f" % res.x, "%.2f" % res.sd,
                         "%.3f" % res.salience)
        return rows.frame()
