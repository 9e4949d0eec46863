/* KTAB's spatial model of politics (SMP), as KTAB computes it: KAPSARC Toolkit for
 * Agent-Based modelling, public repository lsyaseen/KTAB, files examples/smp/libsrc/
 * smp.cpp, smpbcn.cpp, smpread.cpp and KTAB/kmodel/libsrc/kmodel.cpp. Written from the
 * equations, not from KTAB's code; docs/SMP.md states every equation with the KTAB file
 * and function it comes from, and where this file departs from KTAB.
 *
 * Actors a have a capability c_a > 0, a position x_a in [0,1]^D (the table's scale
 * mapped to [0,1]) and saliences s_ad >= 0 with S_a = sum_d s_ad in (0, 1]. One turn:
 *   1. distances d_ab = sqrt(sum_d (s_ad (x_ad - x_bd))^2 / sum_d s_ad^2) (bvDiff);
 *   2. risk-neutral utilities 1 - d_ab, coalitions of capability-weighted votes over
 *      the actors' positions, the probabilistic Condorcet election (PCE) p_a, and risk
 *      attitudes r_a from p (bigRfromProb); h's estimate of a's attitude rhat_ha
 *      (estNRA); utilities U_h(a, b) = (1 - d_ab)(1 + d_ab rhat_ha) (bsUtil);
 *   3. each actor i picks the target j with the largest expected gain of a challenge
 *      (probEduChlg, with third parties joining "little" three-actor contests) and
 *      proposes a bargain interpolated between x_i and x_j (interpolateBrgn);
 *   4. each actor k holds a PCE over its status quo and every bargain that involves it,
 *      on the average utility of the state each would produce, and adopts the winner
 *      (deterministic: most probable; stochastic: drawn) (doBCN);
 *   5. stop when the turn's total movement is below stop_ratio times the first turn's
 *      (smpStopFn).
 * Cost per turn O(n^3 + n^2 D), no allocation after init.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "models/smp.h"
#include "models/models.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* One SMP: all actors in a D-dimensional space (joint), or one issue's members. */
typedef struct smp_problem {
    size_t n, dims;
    size_t *actor;            /* n table indices. */
    size_t *issue;            /* dims table indices. */
    double *cap, *ssum, *ssq; /* n each: capability, total salience, sum of squares. */
    double *sal, *x;          /* n * dims, actor-major; x normalised to [0,1]. */
    double *lo, *span;        /* dims: the table's scale. */
    double *hist;             /* (max_turns + 1) * n * dims, table units. */
    double *forecast0;        /* dims: the forecast of the input positions. */
    int turns;
    double d01; /* First turn's movement plus min_sig_delta. */
    bool done;
} smp_problem_t;

typedef struct smp_state {
    ns_ctx_t *ctx;
    double values[NS__SMP_NPARAMS];
    int vpm, voting, pce, stochastic, range, adjust, tpc, interp, bargain;
    int max_turns;
    uint64_t seed;
    size_t n_problems;
    smp_problem_t *problem;
    /* Scratch for the largest problem: nmax actors, M = 2 nmax + 1 options. */
    size_t nmax, dmax, mmax;
    double *diff, *rhat, *r, *w, *p, *U, *c, *P, *pce_scratch;
    double *diff_t, *u_to_i, *u_own; /* diff transposed; n each. */
    double *ptgt, *bpos_i, *bpos_r, *bu, *rowsum, *xn;
    size_t *tgt, *binit, *brcvr, *opt, *uidx;
} smp_state_t;

/* ---- KTAB's building blocks --------------------------------------------------------- */

double ns__smp_bs_util(double sd, double R)
{
    return sd <= 1.0 ? (1.0 - sd) * (1.0 + sd * R) : (1.0 - sd) * (1.0 + R);
}

double ns__smp_vote(int rule, double w, double ui, double uj)
{
    double du = ui - uj;
    double bin = du / 1e-8;
    bin = bin > 1.0 ? 1.0 : (bin < -1.0 ? -1.0 : bin);
    switch (rule) {
    case NS__SMP_VR_BINARY: return w * bin;
    case NS__SMP_VR_PROPBIN: return w * (0.8 * du + 0.2 * bin);
    case NS__SMP_VR_PROPCBC: return w * (0.5 * du + 0.5 * du * du * du);
    case NS__SMP_VR_CUBIC: return w * du * du * du;
    case NS__SMP_VR_ASYM: return du < 0.0 ? w * du : (du > 0.0 ? 2.0 * w * du / 3.0 : 0.0);
    default: return w * du;
    }
}

void ns__smp_vprob(int vpm, double s1, double s2, double *p1, double *p2)
{
    double x1 = s1, x2 = s2;
    switch (vpm) {
    case NS__SMP_VPM_SQUARE:
        x1 = s1 * s1;
        x2 = s2 * s2;
        break;
    case NS__SMP_VPM_QUARTIC:
        x1 = s1 * s1 * s1 * s1;
        x2 = s2 * s2 * s2 * s2;
        break;
    case NS__SMP_VPM_OCTIC:
        x1 = s1 * s1 * s1 * s1;
        x2 = s2 * s2 * s2 * s2;
        x1 *= x1;
        x2 *= x2;
        break;
    case NS__SMP_VPM_BINARY: {
        /* A 10% advantage wins for sure, with linear interpolation in between. */
        const double thresh = 1.10, min_x = 1e-6;
        if (s1 >= thresh * s2) {
            x1 = 1.0;
            x2 = min_x;
        } else if (s2 >= thresh * s1) {
            x1 = min_x;
            x2 = 1.0;
        } else {
            double r12 = s1 / (s1 + s2);
            x1 = (r12 * (thresh + 1.0) - 1.0) / (thresh - 1.0);
            x2 = 1.0 - x1;
        }
        break;
    }
    default: break;
    }
    *p1 = x1 / (x1 + x2);
    *p2 = x2 / (x1 + x2);
}

static inline double pos_part(double v)
{
    return v > 0.0 ? v : 0.0;
}

static inline double neg_part(double v)
{
    return v < 0.0 ? -v : 0.0;
}

/* Coalitions over m options voted on by na actors of weights w: U is option-major,
 * U[o * na + a] the utility to actor a of option o. c[i*m+j] = 1e-8 + the votes for i
 * over j; KTAB asks each actor once per pair j < i (Model::coalitions). */
static void coalitions(int voting, size_t na, size_t m, const double *w, const double *U, double *c)
{
    const double min_c = 1e-8;
    for (size_t i = 0; i < m; i++) {
        const double *ui = U + i * na;
        for (size_t j = 0; j < i; j++) {
            const double *uj = U + j * na;
            double cij = min_c, cji = min_c;
            if (voting == NS__SMP_VR_PROP) {
                for (size_t a = 0; a < na; a++) {
                    double v = w[a] * (ui[a] - uj[a]);
                    cij += pos_part(v);
                    cji += neg_part(v);
                }
            } else {
                for (size_t a = 0; a < na; a++) {
                    double v = ns__smp_vote(voting, w[a], ui[a], uj[a]);
                    cij += pos_part(v);
                    cji += neg_part(v);
                }
            }
            c[i * m + j] = cij;
            c[j * m + i] = cji;
        }
        c[i * m + i] = min_c;
    }
}

ns_status ns__smp_pce(int pce, int vpm, size_t m, const double *c, double *P, double *p,
                      double *scratch)
{
    for (size_t i = 0; i < m; i++) {
        for (size_t j = 0; j < i; j++) {
            ns__smp_vprob(vpm, c[i * m + j], c[j * m + i], &P[i * m + j], &P[j * m + i]);
        }
        P[i * m + i] = 0.5;
    }
    if (pce == NS__SMP_PCE_CONDITIONAL) {
        /* p_i = prod_j P_ij / sum_k prod_j P_kj (Model::condPCE), in logarithms so that
         * large n cannot underflow every product to 0. */
        double top = -INFINITY, sum = 0.0;
        for (size_t i = 0; i < m; i++) {
            double l = 0.0;
            for (size_t j = 0; j < m; j++) {
                l += log(P[i * m + j]);
            }
            p[i] = l;
            top = l > top ? l : top;
        }
        for (size_t i = 0; i < m; i++) {
            p[i] = exp(p[i] - top);
            sum += p[i];
        }
        for (size_t i = 0; i < m; i++) {
            p[i] /= sum;
        }
        return NS_OK;
    }
    double *q = scratch, *chlg = scratch + m;
    double tol = 1e-6;
    if (pce == NS__SMP_PCE_MARKOV_INCENTIVE) {
        /* Challenge probabilities proportional to incentive c_ij P_ij (Model::
         * markovIncentivePCE). */
        tol = 1e-8;
        for (size_t j = 0; j < m; j++) {
            double col = 0.0;
            for (size_t k = 0; k < m; k++) {
                double in = c[k * m + j] * P[k * m + j] + (k == j ? 1e-10 : 0.0);
                chlg[k * m + j] = in;
                col += in;
            }
            for (size_t k = 0; k < m; k++) {
                chlg[k * m + j] /= col;
            }
        }
    }
    for (size_t i = 0; i < m; i++) {
        p[i] = 1.0 / (double)m;
    }
    double change = 1.0;
    int iter = 0;
    while (tol < change) {
        if (iter >= 1000) {
            return NS_ENOCONV;
        }
        change = 0.0;
        for (size_t i = 0; i < m; i++) {
            double qi = 0.0;
            for (size_t j = 0; j < m; j++) {
                if (pce == NS__SMP_PCE_MARKOV_INCENTIVE) {
                    qi += P[i * m + j] * (p[i] * chlg[j * m + i] + p[j] * chlg[i * m + j]);
                } else {
                    qi += P[i * m + j] * (p[i] + p[j]);
                }
            }
            q[i] = pce == NS__SMP_PCE_MARKOV_INCENTIVE ? qi : qi / (double)m;
            double d = fabs(q[i] - p[i]);
            change = d > change ? d : change;
        }
        for (size_t i = 0; i < m; i++) {
            p[i] = 0.5 * (p[i] + q[i]);
        }
        iter++;
    }
    return NS_OK;
}

/* Risk attitudes from the PCE probabilities (Model::bigRfromProb). When every position
 * is equally likely KTAB divides 0 by 0; normsim makes everyone risk neutral. */
static void big_r(int range, size_t n, const double *p, double *r)
{
    double pmin = 1.0, pmax = 0.0;
    for (size_t i = 0; i < n; i++) {
        pmin = p[i] < pmin ? p[i] : pmin;
        pmax = p[i] > pmax ? p[i] : pmax;
    }
    double spread = pmax - pmin;
    for (size_t i = 0; i < n; i++) {
        if (!(spread > 0.0)) {
            r[i] = 0.0;
        } else if (range == 0) {
            r[i] = (p[i] - pmin) / spread;
        } else if (range == 1) {
            r[i] = (3.0 * p[i] - (pmax + 2.0 * pmin)) / (2.0 * spread);
        } else {
            r[i] = (2.0 * p[i] - (pmax + pmin)) / spread;
        }
    }
}

/* Third party m's expected utility of siding with i against j and with j against i in
 * the little contest, given m's utilities of the three positions and P(i wins) pin
 * (Actor::thirdPartyVoteSU): under NoCommit m keeps its own position in every outcome,
 * under SemiCommit only when its side wins (it adopts the winner's when it loses), under
 * FullCommit never. */
static inline void third_party_utils(int tpc, double umi, double umj, double umm, double pin,
                                     double pjn, double *u_ik_j, double *u_i_jk)
{
    double ik_def_j = umi + umi + umm;
    double j_def_ik = umj + umj + umm;
    double i_def_jk = umi + umi + umm;
    double jk_def_i = umj + umj + umm;
    if (tpc == NS__SMP_TPC_FULL) {
        ik_def_j = umi + umi + umi;
        j_def_ik = umj + umj + umj;
        i_def_jk = umi + umi + umi;
        jk_def_i = umj + umj + umj;
    } else if (tpc == NS__SMP_TPC_SEMI) {
        j_def_ik = umj + umj + umj;
        i_def_jk = umi + umi + umi;
    }
    *u_ik_j = pin * ik_def_j + pjn * j_def_ik;
    *u_i_jk = pin * i_def_jk + pjn * jk_def_i;
}

/* h's estimate of i's risk attitude (Model::estNRA). */
static double est_nra(int adjust, double rh, double ri)
{
    switch (adjust) {
    case 0: return rh;
    case 1: return ((2.0 * rh) + ri) / 3.0;
    case 2: return (rh + ri) / 2;
    case 3: return (rh + (2.0 * ri)) / 3.0;
    default: return ri;
    }
}

void ns__smp_prob_edu(size_t n, const double *diff, const double *rhat, const double *w,
                      const double *ssum, int voting, int third_party, size_t h, size_t k, size_t i,
                      size_t j, double *prob, double *edu)
{
    const double *rh = rhat + h * n;
#define U_H(a, b) ns__smp_bs_util(diff[(a)*n + (b)], rh[(a)])
    double uii = U_H(i, i), uij = U_H(i, j), uji = U_H(j, i), ujj = U_H(j, j);
    double uki = U_H(k, i), ukj = U_H(k, j);
    double eu_sq = uki + ukj, u_vict = uki + uki, u_loss = ukj + ukj;
    /* The principals' own contributions to the contest (i:j). */
    double ci = ns__smp_vote(voting, w[i], uii, uij);
    double cj = ns__smp_vote(voting, w[j], uji, ujj);
    double base_i = 1e-10 + pos_part(ci) + pos_part(cj);
    double base_j = 1e-10 + neg_part(ci) + neg_part(cj);
    double chij = base_i, chji = base_j;
    for (size_t m = 0; m < n; m++) {
        if (m == i || m == j) {
            continue;
        }
        double umi = U_H(m, i), umj = U_H(m, j), umm = U_H(m, m);
        /* m's view of the little contest of i, j and itself (Actor::vProbLittle). */
        double cm = ns__smp_vote(voting, w[m], umi, umj);
        double cmi = base_i + pos_part(cm), cmj = base_j + neg_part(cm);
        double pin = cmi / (cmi + cmj), pjn = 1.0 - pin;
        /* m's utility of joining i or j (Actor::thirdPartyVoteSU). */
        double u_ik_j = 0, u_i_jk = 0;
        third_party_utils(third_party, umi, umj, umm, pin, pjn, &u_ik_j, &u_i_jk);
        double v = ns__smp_vote(voting, w[m], u_ik_j, u_i_jk);
        chij += pos_part(v);
        chji += neg_part(v);
    }
#undef U_H
    double phij = chij / (chij + chji), phji = chji / (chij + chji);
    double eu_contest = phij * u_vict + phji * u_loss;
    double eu_chlg = (1.0 - ssum[j]) * u_vict + ssum[j] * eu_contest;
    *prob = phij;
    *edu = eu_chlg - eu_sq;
}

void ns__smp_interp(int interp, double ti, double si, double pi, double tj, double sj, double pj,
                    double *bi, double *bj)
{
    const double min_w = 1e-6;
    if (interp == 2) { /* S2PMax */
        double di = pj > pi ? pj - pi : 0.0, dj = pi > pj ? pi - pj : 0.0;
        double si2 = si * si, sj2 = sj * sj;
        double dik = (di * sj2) / ((di * sj2) + min_w + ((1 - di) * si2));
        double djk = (dj * si2) / ((dj * si2) + min_w + ((1 - dj) * sj2));
        *bi = ti + dik * (tj - ti);
        *bj = tj + djk * (ti - tj);
        return;
    }
    /* S1P1 and S2P2: weights s^n p^m, rounded to 4 decimals; the asymmetric min_w keeps
     * each at its own position when neither weight counts (interpBrgnSnPm). */
    double wi = interp == 0 ? si * pi : si * si * pi * pi;
    double wj = interp == 0 ? sj * pj : sj * sj * pj * pj;
    double a = ((wi + min_w) * ti + wj * tj) / (wi + min_w + wj);
    double b = (wi * ti + (min_w + wj) * tj) / (wi + min_w + wj);
    *bi = (double)(long long)(0.5 + a * 10000.0) / 10000.0;
    *bj = (double)(long long)(0.5 + b * 10000.0) / 10000.0;
}

/* ---- One turn ---------------------------------------------------------------------- */

/* Distances, risk attitudes and rhat for the current positions (SMPState::
 * setAllAUtil). */
static ns_status prepare(smp_state_t *st, smp_problem_t *pb)
{
    size_t n = pb->n, D = pb->dims;
    for (size_t a = 0; a < n; a++) {
        const double *sa = pb->sal + a * D, *xa = pb->x + a * D;
        for (size_t b = 0; b < n; b++) {
            const double *xb = pb->x + b * D;
            double sum = 0.0;
            for (size_t d = 0; d < D; d++) {
                double ds = (xa[d] - xb[d]) * sa[d];
                sum += ds * ds;
            }
            st->diff[a * n + b] = sqrt(sum / pb->ssq[a]);
        }
    }
    /* Risk-neutral utilities 1 - d, option-major, votes weighted by capability. */
    for (size_t o = 0; o < n; o++) {
        for (size_t a = 0; a < n; a++) {
            st->U[o * n + a] = ns__smp_bs_util(st->diff[a * n + o], 0.0);
        }
    }
    coalitions(st->voting, n, n, pb->cap, st->U, st->c);
    ns_status rc = ns__smp_pce(st->pce, st->vpm, n, st->c, st->P, st->p, st->pce_scratch);
    if (rc != NS_OK) {
        return ns_error(st->ctx, rc, "model smp: the Markov PCE did not converge");
    }
    big_r(st->range, n, st->p, st->r);
    for (size_t h = 0; h < n; h++) {
        for (size_t a = 0; a < n; a++) {
            st->rhat[h * n + a] = est_nra(st->adjust, st->r[h], st->r[a]);
        }
    }
    return NS_OK;
}

/* Utility to actor a of position pos (SMPActor::posUtil): a's own risk attitude. */
static double pos_util(const smp_problem_t *pb, const double *r, size_t a, const double *pos)
{
    size_t D = pb->dims;
    const double *sa = pb->sal + a * D, *xa = pb->x + a * D;
    double sum = 0.0;
    for (size_t d = 0; d < D; d++) {
        double ds = (xa[d] - pos[d]) * sa[d];
        sum += ds * ds;
    }
    return ns__smp_bs_util(sqrt(sum / pb->ssq[a]), r[a]);
}

/* A uniform draw for actor k's choice on turn t, independent of the order of draws. */
static double draw(const smp_state_t *st, int t, size_t k)
{
    ns_rng_t rng;
    ns_rng_init(&rng, st->seed, 0x534d50u /* "SMP" */, (uint32_t)t, (uint32_t)k);
    return ns_rng_uniform(&rng);
}

static void record(smp_state_t *st, smp_problem_t *pb)
{
    size_t nd = pb->n * pb->dims;
    double *h = pb->hist + (size_t)pb->turns * nd;
    for (size_t a = 0; a < pb->n; a++) {
        for (size_t d = 0; d < pb->dims; d++) {
            h[a * pb->dims + d] = pb->lo[d] + pb->span[d] * pb->x[a * pb->dims + d];
        }
    }
    (void)st;
}

static void add_bargain(smp_state_t *st, smp_problem_t *pb, size_t *nb, size_t i, size_t j,
                        double pi, double pj)
{
    size_t D = pb->dims, b = *nb;
    st->binit[b] = i;
    st->brcvr[b] = j;
    for (size_t d = 0; d < D; d++) {
        ns__smp_interp(st->interp, pb->x[i * D + d], pb->sal[i * D + d], pi, pb->x[j * D + d],
                       pb->sal[j * D + d], pj, &st->bpos_i[b * D + d], &st->bpos_r[b * D + d]);
    }
    *nb = b + 1;
}

/* Actor i's best target: ns__smp_prob_edu(h = k = i, i, j) for every j, arranged for
 * speed (the same arithmetic in the same order): U_i(m, i) and U_i(m, m) do not depend
 * on j and are computed once, and U_i(m, j) reads a row of the transposed distances. */
static void best_target(smp_state_t *st, const smp_problem_t *pb, size_t i)
{
    size_t n = pb->n;
    const double *rh = st->rhat + i * n, *w = st->w, *ssum = pb->ssum;
    double *to_i = st->u_to_i, *own = st->u_own;
    const double *di = st->diff_t + i * n;
    bool prop = st->voting == NS__SMP_VR_PROP;
    int tpc = st->tpc;
    for (size_t m = 0; m < n; m++) {
        to_i[m] = ns__smp_bs_util(di[m], rh[m]);
        own[m] = ns__smp_bs_util(st->diff[m * n + m], rh[m]);
    }
    const double min_sig_edu = 1e-5;
    double best = -1.0;
    st->tgt[i] = SIZE_MAX;
    for (size_t j = 0; j < n; j++) {
        if (j == i) {
            continue;
        }
        const double *dj = st->diff_t + j * n;
        double uii = to_i[i], uij = ns__smp_bs_util(dj[i], rh[i]);
        double uji = to_i[j], ujj = own[j];
        double eu_sq = uii + uij, u_vict = uii + uii, u_loss = uij + uij;
        double ci = ns__smp_vote(st->voting, w[i], uii, uij);
        double cj = ns__smp_vote(st->voting, w[j], uji, ujj);
        double base_i = 1e-10 + pos_part(ci) + pos_part(cj);
        double base_j = 1e-10 + neg_part(ci) + neg_part(cj);
        double chij = base_i, chji = base_j;
        for (size_t m = 0; m < n; m++) {
            if (m == i || m == j) {
                continue;
            }
            double umi = to_i[m], umm = own[m];
            double d = dj[m];
            double umj = d <= 1.0 ? (1.0 - d) * (1.0 + d * rh[m]) : (1.0 - d) * (1.0 + rh[m]);
            double cm = prop ? w[m] * (umi - umj) : ns__smp_vote(st->voting, w[m], umi, umj);
            double cmi = base_i + pos_part(cm), cmj = base_j + neg_part(cm);
            double pin = cmi / (cmi + cmj), pjn = 1.0 - pin;
            double u_ik_j = 0, u_i_jk = 0;
            third_party_utils(tpc, umi, umj, umm, pin, pjn, &u_ik_j, &u_i_jk);
            double v =
                prop ? w[m] * (u_ik_j - u_i_jk) : ns__smp_vote(st->voting, w[m], u_ik_j, u_i_jk);
            chij += pos_part(v);
            chji += neg_part(v);
        }
        double phij = chij / (chij + chji), phji = chji / (chij + chji);
        double eu_contest = phij * u_vict + phji * u_loss;
        double edu = (1.0 - ssum[j]) * u_vict + ssum[j] * eu_contest - eu_sq;
        if (min_sig_edu < edu && best < edu) {
            best = edu;
            st->tgt[i] = j;
            st->ptgt[i] = phij;
        }
    }
}

static ns_status smp_turn(smp_state_t *st, smp_problem_t *pb)
{
    size_t n = pb->n, D = pb->dims;
    ns_status rc = prepare(st, pb);
    if (rc != NS_OK) {
        return rc;
    }
    for (size_t a = 0; a < n; a++) {
        st->w[a] = pb->cap[a] * pb->ssum[a];
    }
    /* Each actor's most advantageous target (SMPState::bestChallenge): the first j with
     * the largest expected gain above 1e-5. */
    for (size_t a = 0; a < n; a++) {
        for (size_t b = 0; b < n; b++) {
            st->diff_t[b * n + a] = st->diff[a * n + b];
        }
    }
    for (size_t i = 0; i < n; i++) {
        best_target(st, pb, i);
    }
    /* Bargains (SMPState::doBCN). */
    size_t nb = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = st->tgt[i];
        if (j == SIZE_MAX) {
            continue;
        }
        double pi = st->ptgt[i];
        if (st->bargain == 0) {
            add_bargain(st, pb, &nb, i, j, pi, 1.0 - pi);
            continue;
        }
        /* KTAB's target-side bargain passes j's estimate of i's expected gain where a
         * probability is expected (smpbcn.cpp, doBCN: get<1> of probEduChlg(j, i, i, j));
         * the reference runs show it, so normsim does the same (docs/SMP.md). */
        double prob, pji;
        ns__smp_prob_edu(n, st->diff, st->rhat, st->w, pb->ssum, st->voting, st->tpc, j, i, i, j,
                         &prob, &pji);
        size_t first = nb;
        add_bargain(st, pb, &nb, i, j, pi, 1.0 - pi);
        add_bargain(st, pb, &nb, i, j, pji, 1.0 - pji);
        if (st->bargain == 2) {
            /* Power-weighted compromise; KTAB weighs the second with i's capability and
             * j's salience (doBCN: scj is the capability of brgnJIJ's initiator, i). */
            double wi = pb->cap[i] * pb->ssum[i], wj = pb->cap[i] * pb->ssum[j];
            for (size_t d = 0; d < D; d++) {
                double *a0 = &st->bpos_i[first * D + d], *a1 = &st->bpos_i[(first + 1) * D + d];
                double *b0 = &st->bpos_r[first * D + d], *b1 = &st->bpos_r[(first + 1) * D + d];
                *a0 = (wi * *a0 + wj * *a1) / (wi + wj);
                *b0 = (wi * *b0 + wj * *b1) / (wi + wj);
            }
            nb = first + 1;
        }
    }
    /* Utility to each actor of the state after each bargain: the average over the n
     * positions (brgnUtil in doBCN); the status quo's is rowsum / n. */
    for (size_t a = 0; a < n; a++) {
        double raa = st->rhat[a * n + a], sum = 0.0;
        for (size_t x = 0; x < n; x++) {
            sum += ns__smp_bs_util(st->diff[a * n + x], raa);
        }
        st->rowsum[a] = sum;
    }
    for (size_t b = 0; b < nb; b++) {
        size_t I = st->binit[b], R = st->brcvr[b];
        for (size_t a = 0; a < n; a++) {
            double raa = st->rhat[a * n + a];
            double u = pos_util(pb, st->r, a, st->bpos_i + b * D) +
                       pos_util(pb, st->r, a, st->bpos_r + b * D);
            u += st->rowsum[a] - ns__smp_bs_util(st->diff[a * n + I], raa) -
                 ns__smp_bs_util(st->diff[a * n + R], raa);
            st->bu[b * n + a] = u / (double)n;
        }
    }
    /* Each actor's election over its status quo and the bargains that involve it. */
    for (size_t k = 0; k < n; k++) {
        size_t m = 1;
        for (size_t b = 0; b < nb; b++) {
            if (st->binit[b] == k || st->brcvr[b] == k) {
                st->opt[m++] = b;
            }
        }
        size_t chosen = 0;
        if (m > 1) {
            for (size_t a = 0; a < n; a++) {
                st->U[a] = st->rowsum[a] / (double)n;
            }
            for (size_t o = 1; o < m; o++) {
                memcpy(st->U + o * n, st->bu + st->opt[o] * n, n * sizeof *st->U);
            }
            coalitions(st->voting, n, m, pb->cap, st->U, st->c);
            if ((rc = ns__smp_pce(st->pce, st->vpm, m, st->c, st->P, st->p, st->pce_scratch)) !=
                NS_OK) {
                return ns_error(st->ctx, rc, "model smp: the Markov PCE did not converge");
            }
            if (!st->stochastic) {
                for (size_t o = 1; o < m; o++) {
                    chosen = fabs(st->p[o]) > fabs(st->p[chosen]) ? o : chosen;
                }
            } else {
                double u = draw(st, pb->turns + 1, k), cum = 0.0;
                chosen = m - 1;
                for (size_t o = 0; o < m; o++) {
                    cum += st->p[o];
                    if (u <= cum) { /* PRNG::probSel */
                        chosen = o;
                        break;
                    }
                }
            }
        }
        const double *src = pb->x + k * D;
        if (chosen > 0) {
            size_t b = st->opt[chosen];
            src = (st->binit[b] == k ? st->bpos_i : st->bpos_r) + b * D;
        }
        memcpy(st->xn + k * D, src, D * sizeof *st->xn);
    }
    /* Move, and KTAB's stopping rule (smpStopFn): total Euclidean movement. */
    double moved = 0.0;
    for (size_t k = 0; k < n; k++) {
        double sq = 0.0;
        for (size_t d = 0; d < D; d++) {
            double dd = st->xn[k * D + d] - pb->x[k * D + d];
            sq += dd * dd;
        }
        moved += sqrt(sq);
    }
    memcpy(pb->x, st->xn, n * D * sizeof *pb->x);
    pb->turns++;
    record(st, pb);
    if (pb->turns == 1) {
        pb->d01 = moved + st->values[NS__SMP_MIN_SIG_DELTA];
    }
    double ratio = moved / pb->d01;
    if (pb->turns >= st->max_turns || (pb->turns >= (int)st->values[NS__SMP_MIN_TURNS] &&
                                       ratio < st->values[NS__SMP_STOP_RATIO])) {
        pb->done = true;
    }
    return NS_OK;
}

/* The forecast of a problem's current positions on each dimension: the mean of the
 * distinct positions weighted by KTAB's probability of each (SMPState::pDist with
 * perspective -1: proportional voting, capabilities, each actor's own utilities), the
 * most probable of them and its probability. */
static ns_status forecast(smp_state_t *st, smp_problem_t *pb, double *mean, double *modal,
                          double *p_modal)
{
    size_t n = pb->n, D = pb->dims;
    ns_status rc = prepare(st, pb);
    if (rc != NS_OK) {
        return rc;
    }
    size_t nu = 0;
    for (size_t a = 0; a < n; a++) {
        bool fresh = true;
        for (size_t u = 0; u < nu && fresh; u++) {
            double sq = 0.0;
            for (size_t d = 0; d < D; d++) {
                double dd = pb->x[a * D + d] - pb->x[st->uidx[u] * D + d];
                sq += dd * dd;
            }
            fresh = !(sqrt(sq) < 1e-3); /* SMPModel::posTol */
        }
        if (fresh) {
            st->uidx[nu++] = a;
        }
    }
    for (size_t u = 0; u < nu; u++) {
        for (size_t a = 0; a < n; a++) {
            st->U[u * n + a] = ns__smp_bs_util(st->diff[a * n + st->uidx[u]], st->rhat[a * n + a]);
        }
    }
    coalitions(NS__SMP_VR_PROP, n, nu, pb->cap, st->U, st->c);
    if ((rc = ns__smp_pce(st->pce, st->vpm, nu, st->c, st->P, st->p, st->pce_scratch)) != NS_OK) {
        return ns_error(st->ctx, rc, "model smp: the Markov PCE did not converge");
    }
    size_t best = 0;
    for (size_t u = 1; u < nu; u++) {
        best = st->p[u] > st->p[best] ? u : best;
    }
    for (size_t d = 0; d < D; d++) {
        double sum = 0.0;
        for (size_t u = 0; u < nu; u++) {
            sum += st->p[u] * pb->x[st->uidx[u] * D + d];
        }
        mean[d] = pb->lo[d] + pb->span[d] * sum;
        modal[d] = pb->lo[d] + pb->span[d] * pb->x[st->uidx[best] * D + d];
    }
    *p_modal = st->p[best];
    return NS_OK;
}

/* ---- Model interface ---------------------------------------------------------------- */

static void smp_destroy(void *state, ns_ctx_t *ctx)
{
    smp_state_t *st = state;
    (void)ctx;
    for (size_t q = 0; st->problem != NULL && q < st->n_problems; q++) {
        smp_problem_t *pb = &st->problem[q];
        ns_free(st->ctx, pb->actor);
        ns_free(st->ctx, pb->issue);
        ns_free(st->ctx, pb->cap);
        ns_free(st->ctx, pb->hist);
    }
    ns_free(st->ctx, st->problem);
    ns_free(st->ctx, st->diff);
    ns_free(st->ctx, st->tgt);
    memset(st, 0, sizeof *st);
}

/* Allocate a problem of n actors and D dimensions; its arrays share two blocks. */
static ns_status problem_alloc(smp_state_t *st, smp_problem_t *pb, size_t n, size_t D)
{
    ns_ctx_t *ctx = st->ctx;
    size_t n1 = n > 0 ? n : 1, d1 = D > 0 ? D : 1;
    pb->n = n;
    pb->dims = D;
    pb->actor = ns_calloc(ctx, n1, sizeof *pb->actor);
    pb->issue = ns_calloc(ctx, d1, sizeof *pb->issue);
    pb->cap = ns_calloc(ctx, 3 * n1 + 2 * n1 * d1 + 3 * d1, sizeof(double));
    pb->hist = ns_calloc(ctx, ((size_t)st->max_turns + 1) * n1 * d1, sizeof(double));
    if (pb->actor == NULL || pb->issue == NULL || pb->cap == NULL || pb->hist == NULL) {
        return NS_ENOMEM;
    }
    pb->ssum = pb->cap + n1;
    pb->ssq = pb->cap + 2 * n1;
    pb->sal = pb->cap + 3 * n1;
    pb->x = pb->sal + n1 * d1;
    pb->lo = pb->x + n1 * d1;
    pb->span = pb->lo + d1;
    pb->forecast0 = pb->span + d1;
    st->nmax = n > st->nmax ? n : st->nmax;
    st->dmax = D > st->dmax ? D : st->dmax;
    return NS_OK;
}

/* Scale of issue d; NS_EINVAL when it is empty. */
static ns_status scale(ns_ctx_t *ctx, const ns_table_t *t, size_t d, double *lo, double *span)
{
    *lo = t->scale_min[d];
    *span = t->scale_max[d] - t->scale_min[d];
    if (!(*span > 0.0) || !isfinite(*span) || !isfinite(*lo)) {
        return ns_error_at(ctx, NS_EINVAL, NULL, 0, 0, t->issue[d],
                           "model smp: the scale of issue '%s' is empty", t->issue[d]);
    }
    return NS_OK;
}

/* Fill actor slot k of pb from table cell (issue d, actor a) on dimension dd. */
static ns_status fill_cell(ns_ctx_t *ctx, const ns_table_t *t, smp_problem_t *pb, size_t k,
                           size_t dd, size_t d, size_t a)
{
    size_t at = ns_table_at(t, d, a);
    double v = (t->position[at] - pb->lo[dd]) / pb->span[dd];
    if (!(v >= -1e-12 && v <= 1.0 + 1e-12)) {
        return ns_error_at(ctx, NS_ERANGE, NULL, 0, 0, t->actor[a],
                           "model smp: position %g of actor '%s' on issue '%s' is outside "
                           "the scale [%g, %g]",
                           t->position[at], t->actor[a], t->issue[d], t->scale_min[d],
                           t->scale_max[d]);
    }
    pb->x[k * pb->dims + dd] = v < 0.0 ? 0.0 : (v > 1.0 ? 1.0 : v);
    pb->sal[k * pb->dims + dd] = t->salience[at];
    return NS_OK;
}

static ns_status check_actor(ns_ctx_t *ctx, const ns_table_t *t, smp_problem_t *pb, size_t k)
{
    const char *name = t->actor[pb->actor[k]];
    double sum = 0.0, sq = 0.0;
    for (size_t d = 0; d < pb->dims; d++) {
        sum += pb->sal[k * pb->dims + d];
        sq += pb->sal[k * pb->dims + d] * pb->sal[k * pb->dims + d];
    }
    if (!(pb->cap[k] > 0.0) || !isfinite(pb->cap[k])) {
        return ns_error_at(ctx, NS_EINVAL, NULL, 0, 0, name,
                           "model smp: actor '%s' needs a capability > 0 (KTAB votes with it)",
                           name);
    }
    if (!(sum > 0.0)) {
        return ns_error_at(ctx, NS_EINVAL, NULL, 0, 0, name,
                           "model smp: actor '%s' has no salience on any issue", name);
    }
    if (sum > 1.0 + 1e-9) {
        return ns_error_at(ctx, NS_ERANGE, NULL, 0, 0, name,
                           "model smp: the saliences of actor '%s' add up to %g > 1 (KTAB's "
                           "shares of attention); use --param dimensions=separate to treat "
                           "the issues one by one",
                           name, sum);
    }
    pb->ssum[k] = sum;
    pb->ssq[k] = sq;
    return NS_OK;
}

/* The table can be KTAB's space: every actor on every issue, one capability > 0 per
 * actor, saliences that add up to a share in (0, 1]. */
static bool ktab_space(const ns_table_t *t)
{
    for (size_t a = 0; a < t->n_actors; a++) {
        double cap = t->capability[ns_table_at(t, 0, a)], sum = 0.0;
        if (!(cap > 0.0) || !isfinite(cap)) {
            return false;
        }
        for (size_t d = 0; d < t->n_issues; d++) {
            size_t at = ns_table_at(t, d, a);
            if (!ns__takes_part(t, d, a) || t->capability[at] != cap) {
                return false;
            }
            sum += t->salience[at];
        }
        if (!(sum > 0.0) || sum > 1.0 + 1e-9) {
            return false;
        }
    }
    return true;
}

static ns_status smp_init(void *state, ns_ctx_t *ctx, const ns_table_t *t, const double *values,
                          ns_rng_t *rng)
{
    smp_state_t *st = state;
    ns_status rc = NS_OK;
    memset(st, 0, sizeof *st);
    st->ctx = ctx;
    memcpy(st->values, values, sizeof st->values);
    st->vpm = (int)values[NS__SMP_VPM];
    st->voting = (int)values[NS__SMP_VOTING];
    st->pce = (int)values[NS__SMP_PCE];
    st->stochastic = (int)values[NS__SMP_TRANSITIONS];
    st->range = (int)values[NS__SMP_BIGR_RANGE];
    st->adjust = (int)values[NS__SMP_BIGR_ADJUST];
    st->tpc = (int)values[NS__SMP_THIRD_PARTY];
    st->interp = (int)values[NS__SMP_INTERP];
    st->bargain = (int)values[NS__SMP_BARGAIN];
    st->max_turns = (int)values[NS__SMP_MAX_TURNS];
    /* seed=0 takes the run's seed (the key of the runner's stream). */
    st->seed = values[NS__SMP_SEED] > 0.0 ? (uint64_t)values[NS__SMP_SEED]
                                          : ((uint64_t)rng->key[1] << 32 | (uint64_t)rng->key[0]);
    if (values[NS__SMP_MIN_TURNS] > values[NS__SMP_MAX_TURNS]) {
        return ns_error_at(ctx, NS_EINVAL, NULL, 0, 0, "min_turns",
                           "model smp: min_turns %g exceeds max_turns %g",
                           values[NS__SMP_MIN_TURNS], values[NS__SMP_MAX_TURNS]);
    }
    bool joint =
        values[NS__SMP_DIMENSIONS] == 1.0 || (values[NS__SMP_DIMENSIONS] == 0.0 && ktab_space(t));
    st->n_problems = joint ? 1 : t->n_issues;
    st->problem = ns_calloc(ctx, st->n_problems + 1, sizeof *st->problem);
    if (st->problem == NULL) {
        rc = NS_ENOMEM;
        goto cleanup;
    }
    if (joint) {
        smp_problem_t *pb = &st->problem[0];
        if ((rc = problem_alloc(st, pb, t->n_actors, t->n_issues)) != NS_OK) {
            goto cleanup;
        }
        for (size_t d = 0; d < t->n_issues; d++) {
            pb->issue[d] = d;
            if ((rc = scale(ctx, t, d, &pb->lo[d], &pb->span[d])) != NS_OK) {
                goto cleanup;
            }
        }
        for (size_t a = 0; a < t->n_actors; a++) {
            pb->actor[a] = a;
            pb->cap[a] = t->capability[ns_table_at(t, 0, a)];
            for (size_t d = 1; d < t->n_issues; d++) {
                double c = t->capability[ns_table_at(t, d, a)];
                if (c != pb->cap[a] && ns__takes_part(t, d, a)) {
                    rc = ns_error_at(ctx, NS_EINVAL, NULL, 0, 0, t->actor[a],
                                     "model smp: actor '%s' has capability %g on issue '%s' "
                                     "but %g on '%s'; KTAB's actors have one capability (or "
                                     "use --param dimensions=separate)",
                                     t->actor[a], c, t->issue[d], pb->cap[a], t->issue[0]);
                    goto cleanup;
                }
            }
            for (size_t d = 0; d < t->n_issues; d++) {
                if (!ns__takes_part(t, d, a)) {
                    rc = ns_error_at(ctx, NS_EINVAL, NULL, 0, 0, t->actor[a],
                                     "model smp: actor '%s' has no position or salience on "
                                     "issue '%s'; KTAB's SMP places every actor on every "
                                     "dimension (or use --param dimensions=separate)",
                                     t->actor[a], t->issue[d]);
                    goto cleanup;
                }
                if ((rc = fill_cell(ctx, t, pb, a, d, d, a)) != NS_OK) {
                    goto cleanup;
                }
            }
            if ((rc = check_actor(ctx, t, pb, a)) != NS_OK) {
                goto cleanup;
            }
        }
    } else {
        for (size_t d = 0; d < t->n_issues; d++) {
            smp_problem_t *pb = &st->problem[d];
            size_t n = 0;
            for (size_t a = 0; a < t->n_actors; a++) {
                size_t at = ns_table_at(t, d, a);
                n += ns__takes_part(t, d, a) && t->salience[at] > 0.0 && t->capability[at] > 0.0;
            }
            if ((rc = problem_alloc(st, pb, n, 1)) != NS_OK) {
                goto cleanup;
            }
            pb->issue[0] = d;
            if ((rc = scale(ctx, t, d, &pb->lo[0], &pb->span[0])) != NS_OK) {
                goto cleanup;
            }
            size_t k = 0;
            for (size_t a = 0; a < t->n_actors; a++) {
                size_t at = ns_table_at(t, d, a);
                if (!(ns__takes_part(t, d, a) && t->salience[at] > 0.0 &&
                      t->capability[at] > 0.0)) {
                    continue;
                }
                pb->actor[k] = a;
                pb->cap[k] = t->capability[at];
                if ((rc = fill_cell(ctx, t, pb, k, 0, d, a)) != NS_OK ||
                    (rc = check_actor(ctx, t, pb, k)) != NS_OK) {
                    goto cleanup;
                }
                k++;
            }
        }
    }
    /* Scratch for the largest problem. */
    size_t n = st->nmax > 0 ? st->nmax : 1, D = st->dmax > 0 ? st->dmax : 1;
    size_t M = 2 * n + 1;
    st->mmax = M;
    size_t doubles = 3 * n * n + 2 * n /* diff, rhat, diff_t, u_to_i, u_own */
                     + 3 * n + M       /* r, w, rowsum, p */
                     + M * n           /* U */
                     + 3 * M * M + M   /* c, P, pce scratch */
                     + n               /* ptgt */
                     + 4 * n * D       /* bpos_i, bpos_r */
                     + 2 * n * n       /* bu */
                     + n * D;          /* xn */
    st->diff = ns_calloc(ctx, doubles, sizeof(double));
    st->tgt = ns_calloc(ctx, n + 4 * n + M + n, sizeof(size_t));
    if (st->diff == NULL || st->tgt == NULL) {
        rc = NS_ENOMEM;
        goto cleanup;
    }
    double *q = st->diff + n * n;
    st->rhat = q;
    q += n * n;
    st->r = q;
    q += n;
    st->w = q;
    q += n;
    st->rowsum = q;
    q += n;
    st->p = q;
    q += M;
    st->U = q;
    q += M * n;
    st->c = q;
    q += M * M;
    st->P = q;
    q += M * M;
    st->pce_scratch = q;
    q += M * M + M;
    st->ptgt = q;
    q += n;
    st->bpos_i = q;
    q += 2 * n * D;
    st->bpos_r = q;
    q += 2 * n * D;
    st->bu = q;
    q += 2 * n * n;
    st->xn = q;
    q += n * D;
    st->diff_t = q;
    q += n * n;
    st->u_to_i = q;
    st->u_own = q + n;
    st->binit = st->tgt + n;
    st->brcvr = st->binit + 2 * n;
    st->opt = st->brcvr + 2 * n;
    st->uidx = st->opt + M;
    for (size_t k = 0; k < st->n_problems; k++) {
        smp_problem_t *pb = &st->problem[k];
        record(st, pb);
        pb->done = pb->n == 0;
        double pm = 0.0;
        if (pb->n > 0 && (rc = forecast(st, pb, pb->forecast0, st->xn, &pm)) != NS_OK) {
            goto cleanup;
        }
    }

cleanup:
    if (rc != NS_OK) {
        smp_destroy(st, ctx);
    }
    return rc;
}

static ns_status smp_step(void *state, ns_ctx_t *ctx)
{
    smp_state_t *st = state;
    bool done = true;
    (void)ctx;
    for (size_t k = 0; k < st->n_problems; k++) {
        smp_problem_t *pb = &st->problem[k];
        if (!pb->done) {
            ns_status rc = smp_turn(st, pb);
            if (rc != NS_OK) {
                return rc;
            }
        }
        done = done && pb->done;
    }
    return done ? NS_DONE : NS_CONTINUE;
}

static ns_status smp_result(void *state, ns_ctx_t *ctx, double *out, double *extra)
{
    smp_state_t *st = state;
    (void)ctx;
    for (size_t k = 0; k < st->n_problems; k++) {
        smp_problem_t *pb = &st->problem[k];
        if (pb->n == 0) {
            continue;
        }
        /* Scratch for the forecast: xn holds the means, bpos_i the modal positions. */
        double pm = 0.0;
        ns_status rc = forecast(st, pb, st->xn, st->bpos_i, &pm);
        if (rc != NS_OK) {
            return rc;
        }
        for (size_t d = 0; d < pb->dims; d++) {
            size_t i = pb->issue[d];
            out[i] = st->xn[d];
            extra[i * 4 + 0] = pb->turns;
            extra[i * 4 + 1] = st->bpos_i[d];
            extra[i * 4 + 2] = pm;
            extra[i * 4 + 3] = pb->forecast0[d];
        }
    }
    return NS_OK;
}

const double *ns__smp_history(const void *state, size_t problem, int *turns, size_t *n,
                              size_t *dims, const size_t **actor, const size_t **issue)
{
    const smp_state_t *st = state;
    if (problem >= st->n_problems) {
        return NULL;
    }
    const smp_problem_t *pb = &st->problem[problem];
    *turns = pb->turns;
    *n = pb->n;
    *dims = pb->dims;
    *actor = pb->actor;
    *issue = pb->issue;
    return pb->hist;
}

/* The trace (model.h): every problem's recorded positions, turn by turn; a problem that
 * stopped earlier (separate mode) has no rows after its last turn. Within a turn: by
 * problem, then actor, then dimension. */
static ns_status smp_trace(const void *state, ns_ctx_t *ctx, ns_trace_cb emit, void *user)
{
    const smp_state_t *st = state;
    int last = 0;
    (void)ctx;
    for (size_t k = 0; k < st->n_problems; k++) {
        last = st->problem[k].turns > last ? st->problem[k].turns : last;
    }
    for (int t = 0; t <= last; t++) {
        for (size_t k = 0; k < st->n_problems; k++) {
            const smp_problem_t *pb = &st->problem[k];
            if (t > pb->turns) {
                continue;
            }
            const double *h = pb->hist + (size_t)t * pb->n * pb->dims;
            for (size_t a = 0; a < pb->n; a++) {
                for (size_t d = 0; d < pb->dims; d++) {
                    ns_status rc = emit(t, pb->issue[d], pb->actor[a], h[a * pb->dims + d], user);
                    if (rc != NS_OK) {
                        return rc;
                    }
                }
            }
        }
    }
    return NS_OK;
}

static const char *const vpm_choices[] = {"Linear", "Square", "Quartic", "Octic", "Binary", NULL};
static const char *const voting_choices[] = {"Binary", "PropBin",   "Prop", "PropCbc",
                                             "Cubic",  "ASymProsp", NULL};
static const char *const pce_choices[] = {"Conditional", "MarkovIncentive", "MarkovUniform", NULL};
static const char *const stm_choices[] = {"Deterministic", "Stochastic", NULL};
static const char *const range_choices[] = {"Min", "Mid", "Max", NULL};
static const char *const adjust_choices[] = {"None", "OneThird", "Half", "TwoThirds", "Full", NULL};
static const char *const tpc_choices[] = {"NoCommit", "SemiCommit", "FullCommit", NULL};
static const char *const interp_choices[] = {"S1P1", "S2P2", "S2PMax", NULL};
static const char *const bargain_choices[] = {"InitOnlyInterp", "InitRcvrInterp", "PWCompInterp",
                                              NULL};
static const char *const dims_choices[] = {"auto", "joint", "separate", NULL};

static const ns_param_spec_t smp_params[NS__SMP_NPARAMS] = {
    {"VictoryProbModel", 0, 0, 4, vpm_choices,
     "victory probability from coalition strengths (KTAB default Linear)"},
    {"VotingRule", 2, 0, 5, voting_choices,
     "influence as a function of the utility difference (KTAB default Prop)"},
    {"PCEModel", 0, 0, 2, pce_choices,
     "probabilistic Condorcet election (KTAB default Conditional)"},
    {"StateTransitions", 0, 0, 1, stm_choices,
     "each actor adopts its most probable bargain (Deterministic, KTAB default) or draws "
     "one (Stochastic, from normsim's Philox stream, not KTAB's)"},
    {"BigRRange", 1, 0, 2, range_choices,
     "range of inferred risk attitudes: Min [0,1], Mid [-0.5,1] (KTAB default), Max [-1,1]"},
    {"BigRAdjust", 1, 0, 4, adjust_choices,
     "how far h's estimate of i's risk attitude moves from h's own (KTAB default OneThird)"},
    {"ThirdPartyCommit", 1, 0, 2, tpc_choices,
     "third parties' commitment in little contests (KTAB default SemiCommit)"},
    {"InterVecBrgn", 1, 0, 2, interp_choices,
     "weights of the bargain interpolation (KTAB default S2P2: salience^2 x probability^2)"},
    {"BargnModel", 0, 0, 2, bargain_choices,
     "whose interpolation becomes the bargain (KTAB default InitOnlyInterp)"},
    {"dimensions", 0, 0, 2, dims_choices,
     "joint (KTAB: the issues are the dimensions of one space, saliences are shares that "
     "add up to at most 1), separate (one 1-D SMP per issue), or auto (default): joint when "
     "every actor is on every issue with one capability and saliences adding up to at most 1, "
     "else separate"},
    {"seed", 0, 0, 9007199254740992.0, NULL,
     "seed of the Stochastic transitions (0: the run's --seed); streams differ from KTAB's"},
    {"min_turns", 2, 1, 100000, NULL, "turns before the stopping rule applies (KTAB 2)"},
    {"max_turns", 100, 1, 100000, NULL, "stop after this many turns (KTAB 100)"},
    {"stop_ratio", 0.02, 0, 1, NULL,
     "stop when a turn moves the actors less than this fraction of the first turn (KTAB "
     "0.02)"},
    {"min_sig_delta", 1e-4, 0, 1, NULL,
     "added to the first turn's movement against 0/0 (KTAB 1e-4)"},
};

static const char *const smp_columns[] = {"turns", "most_likely", "p_most_likely",
                                          "initial_forecast"};

const ns_model_type_t ns_model_smp = {
    .abi_version = NS_MODEL_ABI,
    .name = "smp",
    .version = "0.1",
    .summary = "KTAB's spatial model of politics (probabilistic Condorcet elections, "
               "bargaining); forecast: probability-weighted mean of the final positions",
    .cite = "KAPSARC, KTAB (KAPSARC Toolkit for Behavioral Analysis), github.com/lsyaseen/KTAB, "
            "examples/smp (2015-2017); equations in docs/SMP.md",
    .params = smp_params,
    .n_params = NS__SMP_NPARAMS,
    .columns = smp_columns,
    .n_columns = 4,
    .state_size = sizeof(smp_state_t),
    .init = smp_init,
    .step = smp_step,
    .result = smp_result,
    .destroy = smp_destroy,
    .trace = smp_trace,
};
