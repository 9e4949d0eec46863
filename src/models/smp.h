/* Internals of KTAB's spatial model of politics (smp.c) that the unit tests check
 * directly. Not installed. The equations and their places in KTAB's source are in
 * docs/SMP.md.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef NS_MODELS_SMP_H
#define NS_MODELS_SMP_H

#include "normsim/model.h"

/* Indices of the model's parameters in the resolved values[] (the order of its spec).
 * Choice values are the indices of KTAB's enumerations (kmodel.h, smp.h), in KTAB's
 * order. */
enum {
    NS__SMP_VPM = 0,     /* VPModel: 0 Linear, 1 Square, 2 Quartic, 3 Octic, 4 Binary */
    NS__SMP_VOTING,      /* VotingRule: 0 Binary, 1 PropBin, 2 Prop, 3 PropCbc, 4 Cubic,
                            5 ASymProsp */
    NS__SMP_PCE,         /* PCEModel: 0 Conditional, 1 MarkovIncentive, 2 MarkovUniform */
    NS__SMP_TRANSITIONS, /* StateTransMode: 0 Deterministic, 1 Stochastic */
    NS__SMP_BIGR_RANGE,  /* BigRRange: 0 Min, 1 Mid, 2 Max */
    NS__SMP_BIGR_ADJUST, /* BigRAdjust: 0 None, 1 OneThird, 2 Half, 3 TwoThirds, 4 Full */
    NS__SMP_THIRD_PARTY, /* ThirdPartyCommit: 0 NoCommit, 1 SemiCommit, 2 FullCommit */
    NS__SMP_INTERP,      /* InterVecBrgn: 0 S1P1, 1 S2P2, 2 S2PMax */
    NS__SMP_BARGAIN,     /* SMPBargnModel: 0 InitOnlyInterp, 1 InitRcvrInterp, 2 PWCompInterp */
    NS__SMP_DIMENSIONS,  /* 0 auto (joint when the table is a KTAB space, else separate),
                            1 joint (KTAB: issues are the dimensions of one space),
                            2 separate (one 1-D SMP per issue) */
    NS__SMP_SEED,        /* 0: the run's seed */
    NS__SMP_MIN_TURNS,
    NS__SMP_MAX_TURNS,
    NS__SMP_STOP_RATIO,
    NS__SMP_MIN_SIG_DELTA,
    NS__SMP_NPARAMS
};

/* KTAB's choices, named. */
enum {
    NS__SMP_VR_BINARY,
    NS__SMP_VR_PROPBIN,
    NS__SMP_VR_PROP,
    NS__SMP_VR_PROPCBC,
    NS__SMP_VR_CUBIC,
    NS__SMP_VR_ASYM
};
enum {
    NS__SMP_VPM_LINEAR,
    NS__SMP_VPM_SQUARE,
    NS__SMP_VPM_QUARTIC,
    NS__SMP_VPM_OCTIC,
    NS__SMP_VPM_BINARY
};
enum { NS__SMP_PCE_CONDITIONAL, NS__SMP_PCE_MARKOV_INCENTIVE, NS__SMP_PCE_MARKOV_UNIFORM };
enum { NS__SMP_TPC_NO, NS__SMP_TPC_SEMI, NS__SMP_TPC_FULL };

/* Utility of a salience-weighted distance sd in [0,1] to an actor of risk attitude R:
 * (1 - sd)(1 + sd R), and (1 - sd)(1 + R) when sd > 1 (KTAB SMPModel::bsUtil). */
double ns__smp_bs_util(double sd, double R);

/* The influence actor of weight w exerts for i over j (KTAB Model::vote). */
double ns__smp_vote(int rule, double w, double ui, double uj);

/* Victory probabilities of coalitions of strengths s1, s2 (KTAB Model::vProb). */
void ns__smp_vprob(int vpm, double s1, double s2, double *p1, double *p2);

/**
 * The probabilistic Condorcet election over m options (KTAB Model::probCE2): from the
 * coalition strengths c (m x m, c[i*m+j] the strength for i over j), the victory
 * probabilities P (m x m) and the option probabilities p (m).
 * @param scratch  m * m + m doubles.
 * @return NS_OK; NS_ENOCONV when a Markov variant has not converged in 1000 steps.
 */
ns_status ns__smp_pce(int pce, int vpm, size_t m, const double *c, double *P, double *p,
                      double *scratch);

/**
 * h's estimate of the probability that i beats j and of the expected change in utility
 * to k of i challenging j (KTAB SMPState::probEduChlg), in a world of n actors where
 * U_h(a, b) = bs_util(diff[a*n+b], rhat[h*n+a]); w[a] = capability x total salience of a,
 * ssum[a] the total salience.
 */
void ns__smp_prob_edu(size_t n, const double *diff, const double *rhat, const double *w,
                      const double *ssum, int voting, int third_party, size_t h, size_t k, size_t i,
                      size_t j, double *prob, double *edu);

/* KTAB's interpolated bargain on one dimension (SMPActor::interpBrgnSnPm for S1P1 and
 * S2P2, interpBrgnS2PMax): positions ti, tj, saliences si, sj, probabilities pi, pj. */
void ns__smp_interp(int interp, double ti, double si, double pi, double tj, double sj, double pj,
                    double *bi, double *bj);

/* The turns recorded so far for problem `problem` of a state after init (joint mode:
 * one problem; separate mode: one per issue): positions in the table's units,
 * hist[(t * n + a) * dims + d] for turn t in [0, turns] (turn 0 the input), actor a in
 * [0, n) (table index actor[a]) and dimension d (table issue issue[d]). NULL when the
 * problem does not exist. */
const double *ns__smp_history(const void *state, size_t problem, int *turns, size_t *n,
                              size_t *dims, const size_t **actor, const size_t **issue);

#endif
