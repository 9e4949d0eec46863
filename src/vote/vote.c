/* The roll-call vote model (DESIGN.md section 3, model 8): an ordered logit on the
 * position model's alignment. The ordered model of yes / abstain / no follows the
 * spatial voting literature (Poole and Rosenthal's cut-point view of a roll call; the
 * ordered logit of McCullagh 1980); docs/POSITIONS.md, part 2, states every choice.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "normsim/positions.h"
#include "vote/vote_internal.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* Cut points are searched this far (in latent units) beyond the extreme latent values: a
 * category nobody chose gets probability about e^-40 per state. */
#define CUT_MARGIN 40.0

static double logistic(double x)
{
    double e = exp(-fabs(x)); /* One exp for both signs: exp(x) when x < 0. */
    return x >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
}

double ns_vote_latent(const ns_vote_model_t *m, double alignment)
{
    return m->sign * m->beta * (alignment - 0.5);
}

ns_vote_probs_t ns_vote_probs(const ns_vote_model_t *m, double alignment)
{
    double eta = ns_vote_latent(m, alignment);
    double below_abstain = logistic(m->cut_no - eta);
    double below_yes = logistic(m->cut_abstain - eta);
    ns_vote_probs_t p;
    p.no = below_abstain;
    p.abstain = below_yes > below_abstain ? below_yes - below_abstain : 0.0;
    p.yes = 1.0 - below_yes;
    return p;
}

ns_vote_value_t ns_vote_most_probable(ns_vote_probs_t p)
{
    if (p.yes >= p.abstain && p.yes >= p.no) {
        return NS_VOTE_YES;
    }
    return p.abstain >= p.no ? NS_VOTE_ABSTAIN : NS_VOTE_NO;
}

/* The cut c with sum_i F(c - eta_i) = target; the sum is increasing in c. Newton's method
 * kept inside a bracket that every evaluation narrows, with a bisection step whenever Newton
 * would leave it (a flat sum far from every eta); it stops when a step is below 1e-12 or the
 * bracket is that narrow, so c is the root to about 1e-12, as a bisection to 1e-12 would
 * give, in 5 to 10 sums instead of about 47. */
static double solve_cut(const double *eta, size_t n, double target)
{
    double lo = INFINITY;
    double hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        lo = fmin(lo, eta[i]);
        hi = fmax(hi, eta[i]);
    }
    lo -= CUT_MARGIN;
    hi += CUT_MARGIN;
    if (target <= 0) {
        return lo;
    }
    if (target >= (double)n) {
        return hi;
    }
    double c = 0.5 * (lo + hi);
    for (int it = 0; it < 200 && hi - lo > 1e-12; it++) {
        double sum = 0;
        double slope = 0;
        for (size_t i = 0; i < n; i++) {
            double f = logistic(c - eta[i]);
            sum += f;
            slope += f * (1 - f);
        }
        if (sum < target) {
            lo = c;
        } else {
            hi = c;
        }
        double next = slope > 0 ? c - (sum - target) / slope : NAN;
        if (!(next > lo && next < hi)) {
            next = 0.5 * (lo + hi);
        }
        bool done = fabs(next - c) <= 1e-12;
        c = next;
        if (done) {
            break;
        }
    }
    return c;
}

/* Cuts for a tally with eta given (scratch in eta). */
static void cuts_for_tally(ns_vote_model_t *m, const double *align, size_t n, double *eta, int no,
                           int abstain)
{
    for (size_t i = 0; i < n; i++) {
        eta[i] = ns_vote_latent(m, align[i]);
    }
    m->cut_no = solve_cut(eta, n, no);
    m->cut_abstain = solve_cut(eta, n, no + abstain);
    if (m->cut_abstain < m->cut_no) {
        m->cut_abstain = m->cut_no;
    }
}

ns_status ns_vote_fit_tally(ns_ctx_t *ctx, ns_vote_model_t *m, const double *alignment, size_t n,
                            int yes, int no, int abstain)
{
    ns_status st = NS_OK;
    double *eta = NULL;
    if (yes < 0 || no < 0 || abstain < 0) {
        st = ns_error(ctx, NS_EINVAL, "tally: counts must not be negative (%d,%d,%d)", yes, no,
                      abstain);
        goto cleanup;
    }
    if ((size_t)yes + (size_t)no + (size_t)abstain != n) {
        st =
            ns_error(ctx, NS_EINVAL, "tally: %d yes + %d no + %d abstain = %d, but %zu states vote",
                     yes, no, abstain, yes + no + abstain, n);
        goto cleanup;
    }
    if (!(m->beta > 0) || (m->sign != 1 && m->sign != -1)) {
        st = ns_error(ctx, NS_EINVAL, "vote model: beta must be > 0 and sign +1 or -1");
        goto cleanup;
    }
    eta = ns_calloc(ctx, n > 0 ? n : 1, sizeof *eta);
    if (eta == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    cuts_for_tally(m, alignment, n, eta, no, abstain);
cleanup:
    ns_free(ctx, eta);
    return st;
}

/* ---- Roll calls ------------------------------------------------------------------ */

void ns__rollcalls_destroy(ns__rollcalls_t *rcs)
{
    if (rcs == NULL) {
        return;
    }
    for (size_t i = 0; i < rcs->n; i++) {
        ns_free(rcs->ctx, rcs->items[i].state);
        ns_free(rcs->ctx, rcs->items[i].vote);
        ns_free(rcs->ctx, rcs->items[i].align);
        ns_free(rcs->ctx, rcs->items[i].ideal);
    }
    ns_free(rcs->ctx, rcs->items);
    ns_free(rcs->ctx, rcs->grid_ll);
    memset(rcs, 0, sizeof *rcs);
}

ns_status ns__vote_alignments(ns_ctx_t *ctx, const ns_world_t *w, int year, const size_t *states,
                              size_t n, double *align, double *ideal)
{
    ns_status st = NS_OK;
    ns_pos_anchors_t anchors;
    ns_pos_account_t acc;
    if ((st = ns_positions_anchors(ctx, w, year, &anchors)) != NS_OK) {
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        if ((st = ns_positions_explain(ctx, w, &anchors, states[i], &acc)) != NS_OK) {
            goto cleanup;
        }
        align[i] = acc.alignment;
        if (ideal != NULL) {
            ideal[i] = isfinite(acc.ideal_sd) ? acc.ideal : NAN;
        }
    }
cleanup:
    return st;
}

ns_status ns__rollcalls_load(ns_ctx_t *ctx, const ns_world_t *w, ns__rollcalls_t *out)
{
    ns_status st = NS_OK;
    size_t cap = 0;
    memset(out, 0, sizeof *out);
    out->ctx = ctx;
    for (size_t r = 0; r < ns_world_resolution_count(w); r++) {
        const ns_resolution_t *res = ns_world_resolution(w, r);
        size_t n = 0;
        for (size_t v = 0; v < ns_world_vote_count(w); v++) {
            n += ns_world_vote(w, v)->resolution == r;
        }
        if (res->adoption != NS_ADOPT_RECORDED_VOTE || n == 0) {
            continue;
        }
        int sign = ns_positions_resolution_side(ctx, w, r);
        if (sign == 0) {
            continue;
        }
        if ((st = ns_grow(ctx, (void **)&out->items, &cap, out->n + 1, sizeof *out->items)) !=
            NS_OK) {
            goto cleanup;
        }
        ns__rollcall_t *rc = &out->items[out->n++];
        memset(rc, 0, sizeof *rc);
        rc->res = r;
        rc->year = res->year;
        rc->sign = sign;
        rc->state = ns_calloc(ctx, n, sizeof *rc->state);
        rc->vote = ns_calloc(ctx, n, sizeof *rc->vote);
        rc->align = ns_calloc(ctx, n, sizeof *rc->align);
        rc->ideal = ns_calloc(ctx, n, sizeof *rc->ideal);
        if (rc->state == NULL || rc->vote == NULL || rc->align == NULL || rc->ideal == NULL) {
            st = NS_ENOMEM;
            goto cleanup;
        }
        for (size_t v = 0; v < ns_world_vote_count(w); v++) {
            const ns_vote_t *vote = ns_world_vote(w, v);
            if (vote->resolution != r) {
                continue;
            }
            rc->state[rc->n] = vote->state;
            rc->vote[rc->n] = vote->vote;
            rc->yes += vote->vote == NS_VOTE_YES;
            rc->no += vote->vote == NS_VOTE_NO;
            rc->abstain += vote->vote == NS_VOTE_ABSTAIN;
            rc->n++;
        }
        if (rc->n > out->max_voters) {
            out->max_voters = rc->n;
        }
        st = ns__vote_alignments(ctx, w, rc->year, rc->state, rc->n, rc->align, rc->ideal);
        if (st != NS_OK) {
            goto cleanup;
        }
    }
cleanup:
    if (st != NS_OK) {
        ns__rollcalls_destroy(out);
    }
    return st;
}

/* Log-likelihood of one roll call at slope beta, with the cut points that match its own
 * tally (the cut points are the roll call's location, nuisance parameters profiled out by
 * the moment condition). eta is scratch of rc->n. */
static double rollcall_ll(const ns__rollcall_t *rc, double beta, double *eta)
{
    ns_vote_model_t m = {beta, rc->sign, 0, 0};
    cuts_for_tally(&m, rc->align, rc->n, eta, rc->no, rc->abstain);
    double ll = 0;
    for (size_t i = 0; i < rc->n; i++) {
        ns_vote_probs_t p = ns_vote_probs(&m, rc->align[i]);
        double pv = rc->vote[i] == NS_VOTE_YES  ? p.yes
                    : rc->vote[i] == NS_VOTE_NO ? p.no
                                                : p.abstain;
        ll += log(fmax(pv, 1e-300));
    }
    return ll;
}

/* Log-likelihood of the roll calls other than skip at slope beta: their sum in order. */
static double loglik(const ns__rollcalls_t *rcs, size_t skip, double beta, double *eta)
{
    double ll = 0;
    for (size_t k = 0; k < rcs->n; k++) {
        if (k != skip) {
            ll += rollcall_ll(&rcs->items[k], beta, eta);
        }
    }
    return ll;
}

ns_status ns__vote_fit_beta(ns_ctx_t *ctx, ns__rollcalls_t *rcs, size_t skip, double *beta,
                            int *n_train)
{
    ns_status st = NS_OK;
    double *eta = NULL;
    int n = 0;
    for (size_t k = 0; k < rcs->n; k++) {
        n += k != skip;
    }
    if (n == 0) {
        st = ns_error(ctx, NS_ENOTFOUND, "vote model: no recorded roll call to fit the slope on");
        goto cleanup;
    }
    eta = ns_calloc(ctx, rcs->max_voters > 0 ? rcs->max_voters : 1, sizeof *eta);
    if (eta == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    /* Every roll call's log-likelihood on the grid does not depend on which one is left
     * out: computed once, the grid of each later fit is a sum of stored numbers. */
    if (rcs->grid_ll == NULL) {
        double *grid = ns_calloc(ctx, rcs->n * NS__BETA_GRID, sizeof *grid);
        if (grid == NULL) {
            st = NS_ENOMEM;
            goto cleanup;
        }
        for (size_t k = 0; k < rcs->n; k++) {
            for (int g = 0; g < NS__BETA_GRID; g++) {
                double b = exp((g + NS__BETA_K_MIN) / 10.0);
                grid[k * NS__BETA_GRID + (size_t)g] = rollcall_ll(&rcs->items[k], b, eta);
            }
        }
        rcs->grid_ll = grid;
    }
    /* A grid over log beta, then golden-section search around the best grid point: the
     * profile likelihood need not be concave, so the grid guards against a local
     * maximum; the grid's ends (0.05 and 148) bound the slope. */
    int best_k = NS__BETA_K_MIN;
    double best = -INFINITY;
    for (int g = 0; g < NS__BETA_GRID; g++) {
        double ll = 0;
        for (size_t k = 0; k < rcs->n; k++) {
            if (k != skip) {
                ll += rcs->grid_ll[k * NS__BETA_GRID + (size_t)g];
            }
        }
        if (ll > best) {
            best = ll;
            best_k = g + NS__BETA_K_MIN;
        }
    }
    double lo = (best_k - 1) / 10.0;
    double hi = (best_k + 1) / 10.0;
    const double gr = 0.6180339887498949;
    double x1 = hi - gr * (hi - lo);
    double x2 = lo + gr * (hi - lo);
    double f1 = loglik(rcs, skip, exp(x1), eta);
    double f2 = loglik(rcs, skip, exp(x2), eta);
    for (int it = 0; it < 40; it++) {
        if (f1 >= f2) {
            hi = x2;
            x2 = x1;
            f2 = f1;
            x1 = hi - gr * (hi - lo);
            f1 = loglik(rcs, skip, exp(x1), eta);
        } else {
            lo = x1;
            x1 = x2;
            f1 = f2;
            x2 = lo + gr * (hi - lo);
            f2 = loglik(rcs, skip, exp(x2), eta);
        }
    }
    double x = 0.5 * (lo + hi);
    *beta = loglik(rcs, skip, exp(x), eta) >= best ? exp(x) : exp(best_k / 10.0);
    *n_train = n;
cleanup:
    ns_free(ctx, eta);
    return st;
}

static bool line_is(const ns_world_t *w, size_t r, const char *line)
{
    const char *l = ns_world_resolution(w, r)->line;
    return l != NULL && line != NULL && strcmp(l, line) == 0;
}

ns_status ns__vote_cuts_from_history(ns_ctx_t *ctx, const ns_world_t *w, const ns__rollcalls_t *rcs,
                                     size_t skip, const char *line, int year, ns_vote_model_t *m,
                                     const char **source, size_t *from)
{
    ns_status st = NS_OK;
    double *eta = NULL;
    size_t latest = SIZE_MAX;
    size_t n_before = 0;
    for (size_t k = 0; k < rcs->n; k++) {
        const ns__rollcall_t *rc = &rcs->items[k];
        if (k == skip || rc->year >= year) {
            continue;
        }
        n_before++;
        /* Among roll calls of the same year, the later one in the data wins. */
        if (line_is(w, rc->res, line) &&
            (latest == SIZE_MAX || rc->year >= rcs->items[latest].year)) {
            latest = k;
        }
    }
    if (n_before == 0) {
        st = ns_error(ctx, NS_ENOTFOUND,
                      "no recorded roll call before %d to place a text of line '%s'; give "
                      "--tally YES,NO,ABSTAIN",
                      year, line);
        goto cleanup;
    }
    eta = ns_calloc(ctx, rcs->max_voters > 0 ? rcs->max_voters : 1, sizeof *eta);
    if (eta == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    if (latest != SIZE_MAX) {
        const ns__rollcall_t *rc = &rcs->items[latest];
        ns_vote_model_t fit = *m;
        cuts_for_tally(&fit, rc->align, rc->n, eta, rc->no, rc->abstain);
        m->cut_no = fit.cut_no;
        m->cut_abstain = fit.cut_abstain;
        *source = "line";
        *from = latest;
        goto cleanup;
    }
    /* No roll call of the line yet: the mean location of every earlier roll call, each
     * expressed with the text's own sign so that "yes" means the sponsor's side. */
    double c1 = 0;
    double c2 = 0;
    for (size_t k = 0; k < rcs->n; k++) {
        const ns__rollcall_t *rc = &rcs->items[k];
        if (k == skip || rc->year >= year) {
            continue;
        }
        ns_vote_model_t fit = {m->beta, rc->sign, 0, 0};
        cuts_for_tally(&fit, rc->align, rc->n, eta, rc->no, rc->abstain);
        c1 += fit.cut_no;
        c2 += fit.cut_abstain;
    }
    m->cut_no = c1 / (double)n_before;
    m->cut_abstain = c2 / (double)n_before;
    *source = "pooled";
    *from = SIZE_MAX;
cleanup:
    ns_free(ctx, eta);
    return st;
}

/* ---- Forecast -------------------------------------------------------------------- */

/* Whether recorded roll call a (a resolution index) came after b: by year, then date,
 * then the data's order. */
static bool later_rollcall(const ns_world_t *w, size_t a, size_t b)
{
    const ns_resolution_t *ra = ns_world_resolution(w, a);
    const ns_resolution_t *rb = ns_world_resolution(w, b);
    if (ra->year != rb->year) {
        return ra->year > rb->year;
    }
    int c = strcmp(ra->date != NULL ? ra->date : "", rb->date != NULL ? rb->date : "");
    return c != 0 ? c > 0 : a > b;
}

/* Attendance of the n states in the recorded roll calls (resolutions adopted by a
 * recorded vote with at least one vote row) of years before `year`, other than `skip`
 * (a resolution index, or SIZE_MAX): a roll call counts for a state when the state was
 * a UN member in its year, and is missed when the state has no vote row in it (the data
 * drop absentees; data/README.md). absence[i] = missed / held (NaN if none held),
 * session[i] = the share of the previous session's roll calls it voted in, last[i] =
 * the latest missed roll call (SIZE_MAX if none). */
static ns_status attendance(ns_ctx_t *ctx, const ns_world_t *w, int year, size_t skip,
                            const size_t *states, size_t n, double *absence, double *session,
                            size_t *last, int *n_rollcalls)
{
    ns_status st = NS_OK;
    size_t n_states = ns_world_state_count(w);
    bool *voted = ns_calloc(ctx, n_states > 0 ? n_states : 1, sizeof *voted);
    int *held = ns_calloc(ctx, n > 0 ? n : 1, sizeof *held);
    int *missed = ns_calloc(ctx, n > 0 ? n : 1, sizeof *missed);
    if (voted == NULL || held == NULL || missed == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    *n_rollcalls = 0;
    for (size_t i = 0; i < n; i++) {
        last[i] = SIZE_MAX;
    }
    for (size_t r = 0; r < ns_world_resolution_count(w); r++) {
        const ns_resolution_t *res = ns_world_resolution(w, r);
        if (r == skip || res->adoption != NS_ADOPT_RECORDED_VOTE || res->year >= year) {
            continue;
        }
        memset(voted, 0, n_states * sizeof *voted);
        bool any = false;
        for (size_t v = 0; v < ns_world_vote_count(w); v++) {
            const ns_vote_t *vote = ns_world_vote(w, v);
            if (vote->resolution == r && vote->state < n_states) {
                voted[vote->state] = true;
                any = true;
            }
        }
        if (!any) {
            continue;
        }
        (*n_rollcalls)++;
        for (size_t i = 0; i < n; i++) {
            if (!ns_world_is_member(w, states[i], res->year)) {
                continue;
            }
            held[i]++;
            if (!voted[states[i]]) {
                missed[i]++;
                if (last[i] == SIZE_MAX || later_rollcall(w, r, last[i])) {
                    last[i] = r;
                }
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        absence[i] = held[i] > 0 ? (double)missed[i] / held[i] : NAN;
    }
    /* The whole session before the year: the roll calls each state voted in
     * (ideal_points.csv n_votes) as a share of the most any state voted in; a state
     * without an estimate that session voted too little to have one, so counts 0. */
    int most = 0;
    for (size_t k = 0; k < ns_world_ideal_point_count(w); k++) {
        const ns_ideal_point_t *ip = ns_world_ideal_point(w, k);
        if (ip->year == year - 1 && ip->n_votes > most) {
            most = ip->n_votes;
        }
    }
    for (size_t i = 0; i < n; i++) {
        session[i] = most > 0 ? 0.0 : 1.0;
    }
    for (size_t k = 0; most > 0 && k < ns_world_ideal_point_count(w); k++) {
        const ns_ideal_point_t *ip = ns_world_ideal_point(w, k);
        for (size_t i = 0; ip->year == year - 1 && i < n; i++) {
            if (states[i] == ip->state) {
                session[i] = (double)ip->n_votes / most;
            }
        }
    }
cleanup:
    ns_free(ctx, voted);
    ns_free(ctx, held);
    ns_free(ctx, missed);
    return st;
}

/* Whether state i is likelier absent than state j: the larger share of missed roll
 * calls (none held counts as 0), then the smaller share of the previous session's roll
 * calls voted in, then the more recent absence, then the order given. */
static bool likelier_absent(const ns_world_t *w, const double *absence, const double *session,
                            const size_t *last, size_t i, size_t j)
{
    double ai = isnan(absence[i]) ? 0.0 : absence[i];
    double aj = isnan(absence[j]) ? 0.0 : absence[j];
    if (ai != aj) {
        return ai > aj;
    }
    if (session[i] != session[j]) {
        return session[i] < session[j];
    }
    if (last[i] != last[j]) {
        if (last[j] == SIZE_MAX) {
            return true;
        }
        if (last[i] == SIZE_MAX) {
            return false;
        }
        return later_rollcall(w, last[i], last[j]);
    }
    return i < j;
}

/* Mark the k likeliest absent of the n states (O(k n); n is at most the UN's size). */
static void choose_absent(const ns_world_t *w, const double *absence, const double *session,
                          const size_t *last, size_t n, size_t k, bool *absent)
{
    for (size_t i = 0; i < n; i++) {
        absent[i] = false;
    }
    for (size_t c = 0; c < k && c < n; c++) {
        size_t best = SIZE_MAX;
        for (size_t i = 0; i < n; i++) {
            if (!absent[i] &&
                (best == SIZE_MAX || likelier_absent(w, absence, session, last, i, best))) {
                best = i;
            }
        }
        absent[best] = true;
    }
}

/* The number of absent states a request's tally implies for n states. */
static ns_status tally_absent(ns_ctx_t *ctx, const ns_vote_request_t *req, size_t n, size_t *k)
{
    long counted = (long)req->yes + req->no + req->abstain;
    if (req->yes < 0 || req->no < 0 || req->abstain < 0 || (!req->absent_rest && req->absent < 0)) {
        return ns_error(ctx, NS_EINVAL, "tally: counts must not be negative");
    }
    if (req->absent_rest) {
        if (counted > (long)n) {
            return ns_error(ctx, NS_EINVAL,
                            "tally: %d yes + %d no + %d abstain = %ld, more than the %zu states "
                            "that vote",
                            req->yes, req->no, req->abstain, counted, n);
        }
        *k = n - (size_t)counted;
        return NS_OK;
    }
    if (req->absent > 0 && counted + req->absent != (long)n) {
        return ns_error(ctx, NS_EINVAL,
                        "tally: %d yes + %d no + %d abstain + %d absent = %ld, but %zu states "
                        "vote",
                        req->yes, req->no, req->abstain, req->absent, counted + req->absent, n);
    }
    *k = (size_t)req->absent;
    return NS_OK;
}

void ns_vote_forecast_free(ns_vote_forecast_t *f)
{
    if (f == NULL) {
        return;
    }
    ns_ctx_t *ctx = f->ctx;
    ns_free(ctx, f->rows);
    ns_free(ctx, f);
}

/* The line as the data spell it, for a name in any case; NS_ENOTFOUND with the nearest
 * lines otherwise. */
static ns_status canonical_line(ns_ctx_t *ctx, const ns_world_t *w, const char *line,
                                const char **out)
{
    ns_status st = NS_OK;
    size_t n = ns_world_resolution_count(w);
    const char **names = NULL;
    *out = line;
    for (size_t r = 0; line != NULL && r < n; r++) {
        const char *l = ns_world_resolution(w, r)->line;
        if (l != NULL && l[0] != '\0' && ns_names_equal(l, line) && strlen(l) == strlen(line)) {
            *out = l;
            goto cleanup;
        }
    }
    names = ns_calloc(ctx, n + 1, sizeof *names);
    if (names == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    for (size_t r = 0; r < n; r++) {
        names[r] = ns_world_resolution(w, r)->line;
    }
    st = ns_names_unknown(ctx, "line", line != NULL ? line : "", names, n,
                          "no line of that name in the resolutions (the 'line' column)");
cleanup:
    ns_free(ctx, (void *)names);
    return st;
}

/* The side of a text of `line` in `year`: that of the latest resolution of the line up to
 * the year whose side can be told, else of any resolution of the line. */
static ns_status line_side(ns_ctx_t *ctx, const ns_world_t *w, const char *line, int year,
                           int *sign)
{
    bool known = false;
    int best_year = -1;
    int any = 0;
    *sign = 0;
    for (size_t r = 0; r < ns_world_resolution_count(w); r++) {
        const ns_resolution_t *res = ns_world_resolution(w, r);
        if (!line_is(w, r, line)) {
            continue;
        }
        known = true;
        int side = ns_positions_resolution_side(ctx, w, r);
        if (side != 0 && any == 0) {
            any = side;
        }
        if (side != 0 && res->year <= year && res->year >= best_year) {
            best_year = res->year;
            *sign = side;
        }
    }
    if (!known) {
        return ns_error(ctx, NS_ENOTFOUND, "no line '%s' in the resolutions (the 'line' column)",
                        line != NULL ? line : "");
    }
    if (*sign == 0) {
        *sign = any;
    }
    if (*sign == 0) {
        return ns_error(ctx, NS_EINVAL,
                        "line '%s': no resolution with a lead sponsor in a camp, so which side "
                        "its yes vote stands for cannot be told",
                        line);
    }
    return NS_OK;
}

/* ---- History shared between forecasts --------------------------------------------- */

struct ns_vote_history {
    ns_ctx_t *ctx;
    const ns_world_t *w;
    bool loaded;
    ns__rollcalls_t rcs;
    /* The slope fitted without roll call k (k < rcs.n) or without none (k = rcs.n). */
    double *beta;
    int *n_train;
    bool *fitted;
};

ns_status ns_vote_history_new(ns_ctx_t *ctx, const ns_world_t *w, ns_vote_history_t **out)
{
    *out = ns_calloc(ctx, 1, sizeof **out);
    if (*out == NULL) {
        return NS_ENOMEM;
    }
    (*out)->ctx = ctx;
    (*out)->w = w;
    return NS_OK;
}

static void history_clear(ns_vote_history_t *h)
{
    ns__rollcalls_destroy(&h->rcs);
    ns_free(h->ctx, h->beta);
    ns_free(h->ctx, h->n_train);
    ns_free(h->ctx, h->fitted);
    h->beta = NULL;
    h->n_train = NULL;
    h->fitted = NULL;
    h->loaded = false;
}

void ns_vote_history_free(ns_vote_history_t *h)
{
    if (h == NULL) {
        return;
    }
    history_clear(h);
    ns_free(h->ctx, h);
}

/* The world's roll calls, read on first use. */
static ns_status history_load(ns_ctx_t *ctx, ns_vote_history_t *h)
{
    ns_status st = NS_OK;
    if (h->loaded) {
        return NS_OK;
    }
    if ((st = ns__rollcalls_load(ctx, h->w, &h->rcs)) != NS_OK) {
        return st;
    }
    size_t n = h->rcs.n + 1;
    h->beta = ns_calloc(ctx, n, sizeof *h->beta);
    h->n_train = ns_calloc(ctx, n, sizeof *h->n_train);
    h->fitted = ns_calloc(ctx, n, sizeof *h->fitted);
    if (h->beta == NULL || h->n_train == NULL || h->fitted == NULL) {
        history_clear(h);
        return NS_ENOMEM;
    }
    h->loaded = true;
    return NS_OK;
}

/* The slope without roll call skip (SIZE_MAX: none), fitted on first use. */
static ns_status history_beta(ns_ctx_t *ctx, ns_vote_history_t *h, size_t skip, double *beta,
                              int *n_train)
{
    size_t k = skip < h->rcs.n ? skip : h->rcs.n;
    if (!h->fitted[k]) {
        ns_status st = ns__vote_fit_beta(ctx, &h->rcs, skip, &h->beta[k], &h->n_train[k]);
        if (st != NS_OK) {
            return st;
        }
        h->fitted[k] = true;
    }
    *beta = h->beta[k];
    *n_train = h->n_train[k];
    return NS_OK;
}

ns_status ns_vote_forecast(ns_ctx_t *ctx, const ns_world_t *w, const ns_vote_request_t *req,
                           ns_vote_forecast_t **out)
{
    ns_vote_history_t h = {.ctx = ctx, .w = w};
    ns_status st = ns_vote_forecast_with(ctx, &h, req, out);
    history_clear(&h);
    return st;
}

ns_status ns_vote_forecast_with(ns_ctx_t *ctx, ns_vote_history_t *h, const ns_vote_request_t *req,
                                ns_vote_forecast_t **out)
{
    ns_status st = NS_OK;
    const ns_world_t *w = h->w;
    ns__rollcalls_t *rcs = NULL;
    ns_vote_forecast_t *f = NULL;
    size_t *states = NULL;
    double *align = NULL;
    double *absence = NULL;
    double *session = NULL;
    size_t *last_missed = NULL;
    bool *absent = NULL;
    double *present = NULL;
    *out = NULL;
    f = ns_calloc(ctx, 1, sizeof *f);
    if (f == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    f->ctx = ctx;
    f->cut_from = "";
    size_t target = SIZE_MAX;
    if (req->resolution != NULL) {
        if ((st = ns_world_lookup_resolution(ctx, w, req->resolution, &target)) != NS_OK) {
            goto cleanup;
        }
        const ns_resolution_t *res = ns_world_resolution(w, target);
        f->symbol = res->symbol;
        f->line = res->line;
        f->year = res->year;
    } else {
        if ((st = canonical_line(ctx, w, req->line, &f->line)) != NS_OK) {
            goto cleanup;
        }
        f->year = req->year;
    }
    if ((st = line_side(ctx, w, f->line, f->year, &f->model.sign)) != NS_OK) {
        goto cleanup;
    }
    if (target != SIZE_MAX && ns_positions_resolution_side(ctx, w, target) != 0) {
        f->model.sign = ns_positions_resolution_side(ctx, w, target);
    }
    int first = 0;
    int final = 0;
    if ((st = ns_positions_years(ctx, w, &first, &final)) != NS_OK) {
        goto cleanup;
    }
    if (f->year < first || f->year > final) {
        st = ns_error(ctx, NS_ERANGE,
                      "year %d is outside the years that can be forecast (%d to %d: positions "
                      "need the previous session's ideal points)",
                      f->year, first, final);
        goto cleanup;
    }
    if ((st = history_load(ctx, h)) != NS_OK) {
        goto cleanup;
    }
    rcs = &h->rcs;
    size_t skip = SIZE_MAX;
    for (size_t k = 0; k < rcs->n; k++) {
        if (rcs->items[k].res == target) {
            skip = k;
        }
    }

    /* The states: those that voted in the recorded roll call, else the year's members. */
    size_t n_states = ns_world_state_count(w);
    states = ns_calloc(ctx, n_states > 0 ? n_states : 1, sizeof *states);
    align = ns_calloc(ctx, n_states > 0 ? n_states : 1, sizeof *align);
    absence = ns_calloc(ctx, n_states > 0 ? n_states : 1, sizeof *absence);
    session = ns_calloc(ctx, n_states > 0 ? n_states : 1, sizeof *session);
    last_missed = ns_calloc(ctx, n_states > 0 ? n_states : 1, sizeof *last_missed);
    absent = ns_calloc(ctx, n_states > 0 ? n_states : 1, sizeof *absent);
    present = ns_calloc(ctx, n_states > 0 ? n_states : 1, sizeof *present);
    if (states == NULL || align == NULL || absence == NULL || session == NULL ||
        last_missed == NULL || absent == NULL || present == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < n_states; i++) {
        absence[i] = NAN;
    }
    size_t n = 0;
    if (skip != SIZE_MAX) {
        const ns__rollcall_t *rc = &rcs->items[skip];
        for (size_t s = 0; s < n_states; s++) {
            for (size_t i = 0; i < rc->n; i++) {
                if (rc->state[i] == s) {
                    states[n++] = s;
                    break;
                }
            }
        }
    } else {
        for (size_t s = 0; s < n_states; s++) {
            if (ns_world_is_member(w, s, f->year)) {
                states[n++] = s;
            }
        }
    }
    if ((st = ns__vote_alignments(ctx, w, f->year, states, n, align, NULL)) != NS_OK) {
        goto cleanup;
    }
    if ((st = history_beta(ctx, h, skip, &f->model.beta, &f->n_training)) != NS_OK) {
        goto cleanup;
    }
    if (req->recorded_tally) {
        if (skip == SIZE_MAX) {
            st = ns_error(ctx, NS_EINVAL, "%s has no recorded roll call to take the tally from",
                          req->resolution != NULL ? req->resolution : "this text");
            goto cleanup;
        }
        const ns__rollcall_t *rc = &rcs->items[skip];
        st = ns_vote_fit_tally(ctx, &f->model, align, n, rc->yes, rc->no, rc->abstain);
        f->cut_source = "tally";
    } else if (req->tally) {
        /* The absent states leave the fit: the cut points place the text among those
         * who vote. present[] and align[] are compacted copies. */
        size_t k = 0;
        if ((st = tally_absent(ctx, req, n, &k)) != NS_OK ||
            (st = attendance(ctx, w, f->year, target, states, n, absence, session, last_missed,
                             &f->n_attendance)) != NS_OK) {
            goto cleanup;
        }
        choose_absent(w, absence, session, last_missed, n, k, absent);
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            if (!absent[i]) {
                present[m++] = align[i];
            }
        }
        f->n_absent = k;
        st = ns_vote_fit_tally(ctx, &f->model, present, m, req->yes, req->no, req->abstain);
        f->cut_source = "tally";
    } else {
        size_t from = SIZE_MAX;
        st = ns__vote_cuts_from_history(ctx, w, rcs, skip, f->line, f->year, &f->model,
                                        &f->cut_source, &from);
        if (st == NS_OK && from != SIZE_MAX) {
            f->cut_from = ns_world_resolution(w, rcs->items[from].res)->symbol;
        }
    }
    if (st != NS_OK) {
        goto cleanup;
    }
    f->rows = ns_calloc(ctx, n > 0 ? n : 1, sizeof *f->rows);
    if (f->rows == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    f->n = n;
    for (size_t i = 0; i < n; i++) {
        f->rows[i].state = states[i];
        f->rows[i].alignment = align[i];
        f->rows[i].absence = absence[i];
        f->rows[i].absent = absent[i];
        if (absent[i]) {
            f->rows[i].p.yes = f->rows[i].p.abstain = f->rows[i].p.no = NAN;
            f->rows[i].vote = NS_VOTE_ABSTAIN;
        } else {
            f->rows[i].p = ns_vote_probs(&f->model, align[i]);
            f->rows[i].vote = ns_vote_most_probable(f->rows[i].p);
        }
    }
    if (!req->recorded_tally && !req->tally &&
        (st = ns__vote_forecast_sponsors(ctx, w, rcs, skip, target, f)) != NS_OK) {
        goto cleanup;
    }
    *out = f;
    f = NULL;
cleanup:
    ns_free(ctx, states);
    ns_free(ctx, align);
    ns_free(ctx, absence);
    ns_free(ctx, session);
    ns_free(ctx, last_missed);
    ns_free(ctx, absent);
    ns_free(ctx, present);
    ns_vote_forecast_free(f);
    return st;
}
