/* normsim: the UN process. Bodies and their membership rules, the consensus table a
 * body negotiates in a year, the 1998-2026 timeline replayed with forecasts beside what
 * happened, and the history backtest (docs/PROCESS.md; MECHANISM.md sections 2 to 6;
 * DESIGN.md sections 3 model 7 and 4).
 *
 * The process layer turns a world (built-in data or a scenario) into the numbers the
 * consensus-drafting engine (normsim/consensus.h) takes: who sits at the table (the
 * membership rule), where each member stands in the body's first year (the position
 * model, normsim/positions.h, unless a scenario fixes a value), the status quo (the last
 * agreed language, carried along the timeline), capabilities, political will, and the
 * views of consulted stakeholders. Parameters are global, never per session.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef NORMSIM_PROCESS_H
#define NORMSIM_PROCESS_H

#include "normsim/consensus.h"
#include "normsim/io.h"
#include "normsim/world.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Parameters ------------------------------------------------------------------ */

/* Camps whose cohesion a scenario may set: those of the position model
 * (ns_positions_camp_name(): NATO, EU, FiveEyes, SCO, CSTO, BRICS, NAM). */
#define NS_PROCESS_MAX_CAMPS 8
/* Regional organisations a body may consult (ns_process_regional_name()). */
#define NS_PROCESS_MAX_REGIONAL 8
/* Largest number of drafting rounds. */
#define NS_PROCESS_MAX_ROUNDS 20

/* What moves positions between drafting rounds besides camps and consultation. */
typedef enum ns_process_dynamics {
    NS_DYNAMICS_NONE = 0, /* Nothing else. */
    NS_DYNAMICS_EUM = 1   /* One round of model 5 (expected-utility challenges) per
                           * paragraph (Scholz, Calbert and Smith 2011). */
} ns_process_dynamics_t;

/* Global parameters of the process model. */
typedef struct ns_process_params {
    /* The engine's parameters: forum_shopping (b), summary_record (f), loss,
     * summary_available, search. */
    ns_consensus_params_t consensus;
    /* The will of member i handed to the engine is
     *   w_i = will_scale (1 + v_i) omega_i sum_{d in mandate} s_id,
     * omega_i the relations record's multiplier (docs/RECORD.md 3.1; 1 without a record),
     * v_i the state's own will in the world (0 unless a scenario sets it): will_scale is
     * "how many points on every paragraph, at full salience, a member gives up to have a
     * report", and a scenario's `will: 0.5` makes a state half as willing again. Read once,
     * by the table (ns_process_table_reparam); the engine takes the wills as they are. */
    double will_scale;
    double persuasion;       /* rho in [0, 1]: in bodies that consult stakeholders, each member
                              * moves rho of the way to the stakeholders' view (see
                              * ns_process_table_build). */
    size_t replicates;       /* Monte Carlo replicates per body (> 0). */
    size_t replicates_large; /* For bodies of more than 50 members (> 0): a negotiation
                              * of 193 members costs several of 25, so the open bodies
                              * get fewer draws (their band says so). */
    uint64_t seed;           /* Stream of every body: (seed, body index, replicate, ...). */
    /* Regional consultation (MECHANISM.md 2.4; res. 73/266): in a body that consults the
     * regional organisations, a seated member of organisation o moves regional_persuasion
     * (lambda in [0, 1]) of the way to the organisations' view (ns_process_table_build). */
    double regional_persuasion;
    int consult_regional; /* -1: by mandate (bodies established by A/RES/73/266); 0: no
                           * body; 1: every body. "consult_regional.<BODY>" overrides. */
    /* Drafting rounds (docs/PROCESS.md section 4a): at most `rounds` drafts (>= 1; 1 is the
     * single-shot negotiation); between a failed draft and the next, camps close ranks,
     * consulted views are heard again and, with dynamics = NS_DYNAMICS_EUM, every
     * paragraph gets one round of model 5's challenges. */
    size_t rounds;
    double cohesion;                            /* kappa in [0, 1] for every camp. */
    double camp_cohesion[NS_PROCESS_MAX_CAMPS]; /* Per camp, in ns_positions_camp_name()
                                                 * order; NaN: `cohesion`. */
    ns_process_dynamics_t dynamics;
    /* The record's rules in force (NS_RULE_* bits of normsim/world.h; docs/RECORD.md
     * section 3): the world parameter `record` (0 or 1) switches all, then
     * record_will, record_stances, record_salience, record_views and record_agenda
     * each; all off by
     * default (docs/RECORD.md section 7 says why). */
    unsigned record_rules;
} ns_process_params_t;

/* The defaults (docs/PROCESS.md gives the reasons): the engine's defaults, with
 * forum_shopping 0.25 and will_scale 6 (the backtest's in-sample fit on its first grid), persuasion
 * 0.1, 50 replicates (20 for large bodies), seed 1; the bodies established by A/RES/73/266 consult
 * the regional organisations with regional_persuasion 0 (heard, nobody moves, until a scenario sets
 * it); one drafting round, cohesion 0, no dynamics. */
void ns_process_params_default(ns_process_params_t *p);

/**
 * Read the world's parameters over *p, after checking every key the world holds against
 * the parameter registry (ns_param_check_world(), normsim/params.h: the types, ranges and
 * defaults of forum_shopping, will_scale, persuasion, rounds, cohesion.<CAMP>, ... are
 * declared there once).
 * @return NS_OK; NS_EINVAL naming an unknown key (with the nearest declared names);
 *         NS_ERANGE naming the parameter when a value is out of range; NS_ENOTFOUND naming
 *         it when a per-body or per-camp key names no body or camp.
 */
ns_status ns_process_params_read(ns_ctx_t *ctx, const ns_world_t *w, ns_process_params_t *p);

/* Whether body b may move paragraphs to a chair's summary: the world parameter
 * "summary_available.<BODY ID>" (0 or 1) when present; else false when
 * p->consensus.summary_available is false; else, when the record has the body's mandate
 * (verified), whether its practice included a record of views (docs/RECORD.md 3.4);
 * else true. */
bool ns_process_summary_available(const ns_world_t *w, size_t body, const ns_process_params_t *p);

/* Whether body b consults the regional organisations: "consult_regional.<BODY ID>" when
 * present, else p->consult_regional when 0 or 1, else whether the body was established
 * by A/RES/73/266 (which asked the sixth GGE to consult them, MECHANISM.md 2.4). */
bool ns_process_consults_regional(const ns_world_t *w, size_t body, const ns_process_params_t *p);

/* The regional organisations a consulting body hears (the five res. 73/266 names:
 * "AU", "EU", "OAS", "OSCE", "ARF"); NULL past the end. */
const char *ns_process_regional_name(size_t i);

/* ---- Membership -------------------------------------------------------------------- */

/**
 * The member states of a body in a year, in the world's state order.
 * - historical, list: the recorded (or scenario) member list, restricted to states that
 *   were UN members in the year.
 * - open: every UN member state of the year.
 * - rotation: the P5 permanently, the other seats - 5 by regional quota: in proportion to
 *   the recorded group shares of the body's non-P5 members when it has a member list (a
 *   recorded GGE resized), else to the number of non-P5 member states in each group;
 *   largest remainders. Within a group, states that ask come first (a published national
 *   position on international law by the year, a cyber resolution sponsored before it,
 *   or a positive will in the world), then those that served least recently in an
 *   earlier GGE (never served first), then the larger capability, then the code.
 *
 * @param members  out: *n state indices; free with ns_free(ctx, *members).
 * @return NS_OK; NS_EINVAL (body out of range, a rotation body with fewer than 5 seats or
 *         more seats than states, a body with no member in the year); NS_ENOMEM.
 * Complexity: O(states x (GGE members + resolutions)) for rotation, O(states) otherwise.
 */
ns_status ns_process_members(ns_ctx_t *ctx, const ns_world_t *w, size_t body, int year,
                             size_t **members, size_t *n);

/**
 * Split `seats` among the UN regional groups (indices 1 .. NS_GROUP_COUNT - 1) in
 * proportion to weight[g] (over the groups with cap[g] > 0), never giving a group more
 * than cap[g]: the whole parts, then one seat each by largest remainder (ties to the
 * lower group index), then what a capped group could not take to the groups with room,
 * lowest index first. Fewer than `seats` are given only when every group is full. The
 * rule of ns_process_members() for rotating seats, and of the frontier study's.
 *
 * @param quota  out: the seats of each group (quota[0] is left alone).
 */
void ns_process_apportion(const double weight[NS_GROUP_COUNT], const size_t cap[NS_GROUP_COUNT],
                          size_t seats, size_t quota[NS_GROUP_COUNT]);

/* ---- The table a body negotiates ----------------------------------------------------- */

/* A body's negotiation in one year, ready for ns_consensus_solve() / _mc(). Owns its
 * arrays; `table` points into them. */
typedef struct ns_process_table {
    ns_ctx_t *ctx;
    size_t body;
    int year;           /* The year asked for (the body's first year by default). */
    int positions_year; /* The year the positions are of (clamped to the position model's
                         * years; docs/PROCESS.md). */
    ns_consensus_table_t table;
    bool summary_available;
    size_t m, d;
    size_t *members;    /* m state indices. */
    size_t *dims;       /* d dimension indices (the mandate). */
    double *base_ideal; /* m * d: positions before stakeholder persuasion. */
    double *ideal;      /* m * d: what the engine sees. */
    double *salience;   /* m * d. */
    double *sd;         /* m * d: for Monte Carlo. */
    double *capability; /* m: GDP share of the largest economy, in [0, 1]. */
    double *will;       /* m: see ns_process_params_t. */
    /* The relations record in the session's window (docs/RECORD.md 3.1): weighted counts
     * of cooperative and conflictual events per member, and the will multiplier
     * omega = 2 (C + 1) / (C + K + 2) (1 with no event). */
    double *relation_coop;            /* m: C_i. */
    double *relation_conflict;        /* m: K_i. */
    double *omega;                    /* m. */
    ns_date_t window_from, window_to; /* The window (window_to 0: open). */
    double *status_quo;               /* d. */
    double range_lo, range_hi;        /* Monte Carlo clamp: the widest range of the mandate's
                                       * scales. */
    size_t n_stakeholders;
    size_t *stakeholders;      /* World stakeholder indices with a view on the mandate. */
    double *stakeholder_ideal; /* n_stakeholders * d (the dimension's status quo where the
                                * stakeholder has no view, with salience 0). */
    double *stakeholder_salience;
    const char **member_names; /* m ISO3 codes (borrowed from the world). */
    const char **para_names;   /* d dimension ids (borrowed from the world). */
    /* Regional organisations (ns_process_regional_name() order), always evaluated,
     * heard only where the body consults them (regional_consulted). */
    size_t n_regional;
    bool regional_consulted;
    bool stakeholders_consulted;    /* The body hears its stakeholders (persuasion). */
    double *regional_view;          /* n_regional * d: the salience-weighted mean position
                                     * of ALL the organisation's UN member states in the
                                     * year (seated or not); NaN where none has a view. */
    unsigned char *regional_member; /* m * n_regional: 1 when member i belongs to it. */
    unsigned *camps;                /* m: bit c set for membership of camp c
                                     * (ns_positions_camp_name(c)) in the year. */
    /* The agenda (docs/RECORD.md 3.5): whether the rule set the paragraphs, and which of
     * them an earlier adopted report settled (their salience carries the factor f). */
    bool agenda;
    unsigned char *settled; /* d: 1 when settled (only with agenda). */
} ns_process_table_t;

/**
 * Build the table body `body` negotiates in `year` (0: its start year).
 *
 * Positions: the position model (ns_positions_apply) for the year, clamped to the
 * model's years; any position the world itself holds (a scenario's) replaces the
 * model's, field by field. A dimension the model does not cover and the world leaves
 * unknown sits at the status quo with salience 0 (no view). Status quo: status_quo[k]
 * for world dimension k (NULL: each dimension's silence anchor). Stakeholders with a
 * view on a mandated dimension are consulted when the body says so
 * (stakeholders_consulted): each member's ideal moves to x + rho (v - x), v the
 * salience-weighted mean of the stakeholders' views on that dimension.
 *
 * @param out  out: free with ns_process_table_free() (also after a failure).
 * @return NS_OK; NS_EINVAL (body out of range, empty mandate or more than
 *         NS_CONSENSUS_MAX_DIMS paragraphs, no member); NS_ERANGE (a year before the
 *         position model's first year or after 2100); NS_ENOTFOUND (the world lacks what
 *         the position model needs); NS_ENOMEM.
 */
ns_status ns_process_table_build(ns_ctx_t *ctx, const ns_world_t *w, size_t body, int year,
                                 const double *status_quo, const ns_process_params_t *params,
                                 ns_process_table_t *out);

/**
 * The agenda of body `body` under the record's agenda rule (docs/RECORD.md 3.5): bit k of
 * *on is set for world dimension k (k < 64) that its mandate row (mandates.csv, verified)
 * asks for and its own paragraphs include; bit k of *settled for those of them already on
 * the table of an earlier body whose report was adopted in history, that began before
 * `body`'s first year and ended by it (the bodies whose text the timeline carries).
 * @return false (both 0) when the rule does not apply: no body, no verified mandate row,
 *         or a row whose columns ask for none of the body's paragraphs.
 */
bool ns_process_agenda(const ns_world_t *w, size_t body, uint64_t *on, uint64_t *settled);

/* The replicates a body of m members gets. */
size_t ns_process_replicates(const ns_process_params_t *p, size_t m);

/* The engine's parameters for a table: *p's, with the body's summary switch (the wills
 * of the table already carry will_scale). */
void ns_process_engine_params(const ns_process_table_t *t, const ns_process_params_t *p,
                              ns_consensus_params_t *out);

/* Recompute wills and stakeholder persuasion for other parameters (the backtest's grid)
 * and set the status quo (per world dimension; NULL keeps it). O(m d). */
void ns_process_table_reparam(ns_process_table_t *t, const ns_world_t *w, const double *status_quo,
                              const ns_process_params_t *params);

void ns_process_table_free(ns_process_table_t *t);

/* ---- Drafting rounds --------------------------------------------------------------------- */

/* Blockers a round records (the largest shortfalls). */
#define NS_PROCESS_ROUND_BLOCKERS 4

/* One draft at the point estimates and what moved after it. */
typedef struct ns_process_round {
    bool adopted;
    double worst_margin; /* min_i g_i at the draft (the maximin value when not adopted). */
    size_t n_blockers;   /* All blockers; the first NS_PROCESS_ROUND_BLOCKERS are kept. */
    size_t blocker[NS_PROCESS_ROUND_BLOCKERS]; /* Member indices, largest shortfall first. */
    double will_needed[NS_PROCESS_ROUND_BLOCKERS];
    /* Moves before the next draft (0 after the last): the mean absolute shift |dx| over
     * the members concerned and the mandate's paragraphs. */
    double camp_shift[NS_PROCESS_MAX_CAMPS]; /* Over each camp's seated members. */
    size_t camp_members[NS_PROCESS_MAX_CAMPS];
    double consult_shift;  /* Stakeholder and regional consultation, over all members. */
    double dynamics_shift; /* Model 5, over all members. */
} ns_process_round_t;

/**
 * Move a table's positions x (m * d, in place) between two drafts, in this order:
 * camps close ranks (cohesion), the consulted stakeholders and regional organisations are
 * heard again, and with dynamics = NS_DYNAMICS_EUM one round of model 5 per paragraph
 * (docs/PROCESS.md section 4a gives the equations). Deterministic.
 * @param rec  out (may be NULL): the shifts.
 * @param moved  out: the largest |dx| of any member on any paragraph.
 * @return NS_OK; NS_ENOMEM; the statuses of model 5.
 */
ns_status ns_process_move(ns_ctx_t *ctx, const ns_process_table_t *t,
                          const ns_process_params_t *params, double *x, ns_process_round_t *rec,
                          double *moved);

/* ---- Deciding by k of n or by weighted qualified majority ------------------------------ */

/* The default share of the weight a weighted_qmv body needs when the scenario sets no
 * `qmv_threshold.<BODY>`: the 65% of the European Union's double majority (TEU art.
 * 16(4)), the best-known weighted qualified majority (docs/PROCESS.md section 11). */
#define NS_PROCESS_QMV_THRESHOLD 0.65

/* How a body decides its report (docs/PROCESS.md section 11). */
typedef struct ns_process_rule {
    ns_decision_rule_t decision; /* NS_DECIDE_CONSENSUS, _K_OF_N or _WEIGHTED_QMV. */
    size_t k;                    /* Members who must accept: the body's k under k_of_n, m
                                  * under consensus, 0 under weighted_qmv. */
    double threshold;            /* weighted_qmv: share of the total weight needed, in
                                  * (0, 1] (`qmv_threshold.<BODY>`); 1 otherwise. */
    bool capability_weights;     /* weighted_qmv: member i weighs its capability c_i
                                  * (`qmv_weights.<BODY>` 1, the default); false: one each. */
} ns_process_rule_t;

/**
 * The decision rule of body `body` seated with m members: its decision and k, and for
 * weighted_qmv the world parameters `qmv_threshold.<BODY>` (in (0, 1], default
 * NS_PROCESS_QMV_THRESHOLD) and `qmv_weights.<BODY>` (1 capability, 0 one per member).
 * @return NS_OK; NS_EINVAL naming the field ("bodies[ID].k") when k is 0 or more than m,
 *         or the body decides by majority (the General Assembly's vote model); NS_ERANGE
 *         naming the parameter when the threshold or the weights switch is out of range.
 */
ns_status ns_process_rule(ns_ctx_t *ctx, const ns_world_t *w, size_t body, size_t m,
                          ns_process_rule_t *out);

/* Whether the rule needs the chair's coalition search: k_of_n with k < m, or
 * weighted_qmv. Consensus and k_of_n with k = m negotiate by unanimity, exactly as a
 * consensus body. */
bool ns_process_rule_is_coalition(const ns_process_rule_t *rule, size_t m);

/* The last coalition the chair tried (opaque; ns_process_explain() tells it). */
typedef struct ns_process_coalition ns_process_coalition_t;

/* ---- One negotiation ------------------------------------------------------------------ */

typedef struct ns_negotiation {
    ns_process_table_t table;     /* After the rounds, `ideal` holds the last draft's
                                   * positions. */
    ns_consensus_result_t result; /* The negotiation at the point estimates (last round). */
    ns_consensus_mc_t mc;         /* P(consensus) over position uncertainty, rounds included. */
    double *world_status_quo;     /* Status quo per world dimension used. */
    size_t n_rounds;              /* Drafts at the point estimates (1 .. params->rounds). */
    ns_process_round_t *rounds;   /* n_rounds records. */
    size_t max_rounds;            /* params->rounds. */
    size_t *mc_adopted_in_round;  /* max_rounds: replicates adopted at each round. */
    /* The decision rule (docs/PROCESS.md section 11). Under a coalition rule (k_of_n with
     * k < m, weighted_qmv) `result` is the last coalition's negotiation told in the
     * table's member indices: margins of EVERY member at its text (an outvoted member's
     * may be negative), worst_margin the coalition's, and when it fails the blockers of
     * the last coalition tried. Under consensus the fields below say so: every member in
     * the coalition, nobody outvoted. */
    ns_process_rule_t rule;
    double *weight;                    /* m: each member's weight under the rule (1 unless
                                        * weighted_qmv with capability weights). */
    double total_weight;               /* Sum of the weights. */
    unsigned char *in_coalition;       /* m: 1 for the members of the last coalition tried at
                                        * the point estimates (the winning one when adopted). */
    size_t n_coalition;                /* Members in it. */
    double coalition_weight;           /* Their weight. */
    size_t n_outvoted;                 /* Members dropped from the coalition, in order. */
    ns_consensus_blocker_t *outvoted;  /* n_outvoted: why each was dropped: its shortfall
                                        * (will_needed) and objections at the best draft of
                                        * the coalition it was dropped from; `member` is a
                                        * table index. */
    size_t coalitions_tried;           /* Engine solves of the last search at the point
                                        * estimates. */
    size_t mc_solves;                  /* Engine calls of the Monte Carlo's searches (the cost:
                                        * a consensus body's Monte Carlo makes about one per
                                        * replicate and round). */
    ns_process_coalition_t *coalition; /* NULL under consensus. */
} ns_negotiation_t;

/**
 * The status quo a body meets: each dimension's silence anchor, replaced, in order of
 * their end years, by the negotiated text of every earlier body whose report was adopted
 * (recorded outcome) and that ended by the body's first year (kept paragraphs only: a
 * chair's summary binds nobody). The earlier texts are the model's own (the package at
 * the point estimates, or its least-violating draft when the model finds no consensus).
 *
 * @param status_quo  out: one value per world dimension.
 * @return as ns_process_table_build(); NS_OK.
 */
ns_status ns_process_status_quo(ns_ctx_t *ctx, const ns_world_t *w, size_t body,
                                const ns_process_params_t *params, double *status_quo);

/**
 * Negotiate one body: the status quo from the timeline, the table, the solve at the
 * point estimates and the Monte Carlo probability of a consensus report. With
 * params->rounds > 1, a failed draft is followed by ns_process_move() and another draft,
 * until one is adopted, the rounds are spent or nobody moves; the Monte Carlo does the
 * same in every replicate (from that replicate's draw, so deterministically from the
 * seed). An adopted draft is never re-decided. A body deciding by k_of_n (k < m) or
 * weighted_qmv decides each draft by the chair's coalition search (docs/PROCESS.md
 * section 11; out->rule, out->in_coalition, out->outvoted); with k = m it is consensus.
 * @param year  0: the body's first year.
 * @return as ns_process_table_build(); the statuses of ns_process_rule(); the engine's
 *         statuses. Free with
 *         ns_negotiation_free() (also after a failure).
 */
ns_status ns_process_negotiate(ns_ctx_t *ctx, const ns_world_t *w, size_t body, int year,
                               const ns_process_params_t *params, ns_negotiation_t *out);
void ns_negotiation_free(ns_negotiation_t *n);

/**
 * Tell a negotiation in plain sentences into buf (always NUL-terminated when size > 0):
 * under consensus exactly ns_consensus_explain(); under a coalition rule first the rule,
 * the coalition and each outvoted member with why it was outvoted (how far short it was
 * at the draft of the coalition it was dropped from, its largest objections, and its
 * margin at the adopted text), or, when no winning coalition agreed, that the chair's
 * greedy search found none (a heuristic's verdict, not a proof), then the engine's
 * sentences on the last coalition's negotiation.
 * @param needed  out: bytes the full text needs, without the NUL (may be NULL).
 * @return NS_OK; NS_ELIMIT when buf was too small (it holds a truncated text); NS_EINVAL.
 */
ns_status ns_process_explain(ns_ctx_t *ctx, const ns_negotiation_t *n, char *buf, size_t size,
                             size_t *needed);

/**
 * A negotiation's package as a table, one row per paragraph: the rows of `normsim
 * negotiate --format csv|json` and of the Python package's negotiate().package. Columns:
 * body, year, positions_year, members, paragraph, status_quo, action
 * (ns_consensus_action_name()), text, moved, objectors (the members objecting to the
 * paragraph, space-joined), adopted (yes or no), p, p_lo, p_hi (P(report) and its 90%
 * band), replicates, seed, data (ns_world_data_version()), forum_shopping, will_scale,
 * summary_record, persuasion, rounds, max_rounds, cohesion, regional_persuasion,
 * regional_consulted (yes or no), decision, k (empty under weighted_qmv), qmv_threshold
 * (weighted_qmv only), coalition and outvoted (';'-joined), objections (each objector's
 * "ISO3:objection:will needed", ';'-joined). The package's numbers carry 4 significant
 * digits, the parameters 6.
 * @param n    a negotiation of ns_process_negotiate() on w with the parameters p.
 * @param out  out: free with ns_rows_free(); NULL after a failure.
 * @return NS_OK; NS_EINVAL (a NULL argument, a body not in w); NS_ERANGE (an infinite
 *         number); NS_ENOMEM.
 */
ns_status ns_process_package_rows(ns_ctx_t *ctx, const ns_world_t *w, const ns_negotiation_t *n,
                                  const ns_process_params_t *p, ns_rows_t **out);

/**
 * The blockers of a negotiation (of the last coalition tried, under a coalition rule) as
 * rows, one per blocker in the engine's order: blocker (member), will_needed (how far
 * short at the least-violating draft), will (the member's will), paragraphs (each
 * paragraph it objects to with its objection, "ihl (12.5), norms (3.1)"). Numbers carry
 * 4 significant digits. No blocker: the header alone.
 * @param out  out: free with ns_rows_free(); NULL after a failure.
 * @return NS_OK; NS_EINVAL (a NULL argument); NS_ERANGE (an infinite number); NS_ENOMEM.
 */
ns_status ns_process_blocker_rows(ns_ctx_t *ctx, const ns_negotiation_t *n, ns_rows_t **out);

/* ---- What the record did (docs/RECORD.md) ------------------------------------------------ */

/* The negotiation at the point estimates with one rule of the record switched off. */
typedef struct ns_record_effect {
    unsigned rule; /* NS_RULE_* toggled; 0: none (the rules in force); NS_RULES_ALL:
                    * every rule toggled. */
    bool on;       /* Whether `rule` is in force in this variant. */
    bool adopted;
    double worst_margin; /* min_i g_i at the text (the maximin value when not adopted). */
} ns_record_effect_t;

/* Room ns_process_record_effects() needs: the rules in force, each off, none. */
#define NS_PROCESS_RECORD_EFFECTS 7

/**
 * Which rules of the record move body `body`'s outcome: the negotiation at the point
 * estimates with the rules of params->record_rules, then with each rule toggled in turn
 * (switched off when in force, on when not), then with every rule toggled.
 * @param out  out: up to NS_PROCESS_RECORD_EFFECTS effects, *n of them, out[0] the
 *             rules in force.
 * @return as ns_process_negotiate(). Cost: up to seven negotiations at one replicate.
 */
ns_status ns_process_record_effects(ns_ctx_t *ctx, const ns_world_t *w, size_t body, int year,
                                    const ns_process_params_t *params, ns_record_effect_t *out,
                                    size_t *n);

/* A rule's name for people ("will from the relations record (3.1)"). */
const char *ns_process_rule_name(unsigned rule);

/**
 * Tell what the record set in a negotiation into buf (always NUL-terminated when size >
 * 0): the body's practice on records of views, the window of the relations record and the
 * will multipliers of the permanent members and of the member they lower most, the dated
 * stances in force per member, and how many members the legal-salience rule engaged.
 * @param needed  out: bytes the full text needs, without the NUL (may be NULL).
 * @return NS_OK; NS_ELIMIT when buf was too small (it holds a truncated text).
 */
ns_status ns_process_record_explain(ns_ctx_t *ctx, const ns_world_t *w, const ns_negotiation_t *n,
                                    const ns_process_params_t *params, char *buf, size_t size,
                                    size_t *needed);

/* ---- The timeline ---------------------------------------------------------------------- */

typedef struct ns_timeline {
    /* year, date (a text's), start_year, end_year (a body's), event, id, line, members (a
     * body's, a number), membership (its rule), chair, sponsor (ISO3), actual, forecast, p,
     * p_lo, p_hi, replicates, vote_yes, vote_no, vote_abstain, verified: one row per event
     * in date order. */
    ns_rows_t *events;
    /* body, kind, start_year, end_year, members, positions_year, replicates, seed,
     * actual, p, p_lo, p_hi, point, kept, summary, dropped, text, status_quo, blockers,
     * blocked, will_needed, summary_available, member_list, record (the record's rules in
     * force), record_effects (the worst margin at the point estimates with them and with
     * each rule toggled, docs/RECORD.md). One row per GGE/OEWG/GM. */
    ns_rows_t *sessions;
    /* resolution, year, iso3, actual, predicted, p_yes, p_abstain, p_no, cut_source. */
    ns_rows_t *votes;
    bool votes_available; /* false when the vote model failed for every text. */
} ns_timeline_t;

/**
 * Replay the timeline: every General Assembly resolution with its recorded outcome and
 * the vote model's forecast (cut points from the line's latest earlier roll call, never
 * the text's own tally), and every GGE, OEWG and the Global Mechanism with P(consensus
 * report), its 90% band and what happened.
 * @return NS_OK; the statuses of ns_process_negotiate(); NS_ENOMEM. Free with
 *         ns_timeline_free() (also after a failure).
 */
ns_status ns_timeline_run(ns_ctx_t *ctx, const ns_world_t *w, const ns_process_params_t *params,
                          ns_timeline_t *out);
void ns_timeline_free(ns_timeline_t *t);

/**
 * The page report.html of a run, written to `out` (the caller writes it through a
 * temporary name and a rename): the provenance line, the timeline figure (each body's
 * P(consensus report) with its 90% band, in date order, against the recorded outcome:
 * 1 adopted, 0 failed), the diffusion curve of the 2015 norms (ns_diffuse with the
 * default options and `diffusion_runs` replicates, 0: 200), links to timeline.csv,
 * sessions.json and votes.csv, the GGE participation table (ns_participation_table, as
 * HTML tables and run-participation.csv) and the roll-call map run-rollcall-map: every
 * recorded roll call by UN regional group, recorded beside the vote model's forecast
 * (t->votes). The figures run-timeline, run-diffusion-curve / run-diffusion-map and
 * run-rollcall-map are written into dir (CSV, gnuplot script, SVG and PNG) and the SVGs
 * inlined. Without gnuplot (not found) the page says so, with NS_OK.
 * @param n_figures  out: figures drawn (may be NULL).
 * @return NS_OK; NS_EIO (a figure file, gnuplot failed on a script); NS_ENOMEM; the
 *         statuses of ns_diffuse().
 */
ns_status ns_run_report_write(ns_ctx_t *ctx, const ns_world_t *w, const ns_timeline_t *t,
                              const char *provenance, const char *dir, size_t diffusion_runs,
                              FILE *out, size_t *n_figures);

/* ---- The history backtest ---------------------------------------------------------------- */

/* The grid the global parameters are fitted on (maximum likelihood). */
typedef struct ns_history_grid {
    const double *forum_shopping;
    size_t n_forum_shopping;
    const double *will_scale;
    size_t n_will_scale;
    const double *summary_record;
    size_t n_summary_record;
} ns_history_grid_t;

/* The default grid: b in {0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 1}, will_scale in {3, 4,
 * 6, 9, 12, 16, 24, 36, 64}, f in {0.5}: 72 points (docs/RECORD.md section 4). */
void ns_history_grid_default(ns_history_grid_t *g);

typedef struct ns_history_backtest {
    /* event, actual, p, right, p_loo, right_loo: one row per session (actual and right
     * are 1 or 0; p is P(consensus report) in sample, p_loo leave one out). */
    ns_rows_t *rows;
    /* event, forum_shopping, will_scale, summary_record, log_likelihood: the parameters
     * the fit without each session chose (and "all" for the in-sample fit). */
    ns_rows_t *fits;
    size_t n;                      /* Sessions with a recorded outcome. */
    int right, right_loo;          /* p >= 0.5 for adopted, < 0.5 for failed. */
    double brier, brier_loo;       /* Mean (p - actual)^2. */
    double fit_b, fit_will, fit_f; /* The in-sample fit. */
    double log_likelihood;         /* At the in-sample fit. */
    size_t grid_points;
    size_t n_fitted; /* Coefficients fitted to the outcomes: the grid's axes with more
                      * than one value. */
    /* Mean log score (log p of what happened, p kept in [0.01, 0.99]; higher is better)
     * in sample and leave one out, and the base rate's scores: a constant p, the share of
     * reports among all sessions (in sample) or among the others (leave one out). */
    double log_score, log_score_loo;
    double base_brier, base_brier_loo, base_log, base_log_loo;
    /* The forward backtest: for each session from the third on (in order of first year),
     * the parameters fitted only on the sessions whose last year is before its first
     * year; event, actual, p_forward, right_forward, trained_on (sessions in the fit),
     * forum_shopping, will_scale, base_rate (the share of reports among them). */
    ns_rows_t *forward;
    size_t n_forward;
    int right_forward;
    double brier_forward, log_score_forward, base_brier_forward, base_log_forward;
} ns_history_backtest_t;

/**
 * For every GGE and OEWG with a recorded outcome: P(consensus) at the parameters fitted
 * by maximum likelihood over all of them (in sample), and at the parameters fitted
 * without it (leave one session out). The likelihood uses p smoothed as
 * (adopted + 1/2) / (R + 1) so that one miss never makes it -infinity. Parameters not on
 * the grid (persuasion, loss) are taken from *params.
 * @return NS_OK; NS_ENOTFOUND (no session with a recorded outcome); the statuses of
 *         ns_process_negotiate(). Free with ns_history_backtest_free().
 */
ns_status ns_history_backtest(ns_ctx_t *ctx, const ns_world_t *w, const ns_process_params_t *params,
                              const ns_history_grid_t *grid, ns_history_backtest_t *out);
void ns_history_backtest_free(ns_history_backtest_t *b);

/**
 * The ablation of the record (docs/RECORD.md section 4): the history backtest with every
 * rule of the record, with each rule switched off in turn, with none (the model before
 * the record), and with each rule alone; params->record_rules ignored. One row per
 * variant: variant, right, brier, log_score (in sample), right_loo, brier_loo,
 * log_score_loo, right_forward, n_forward, brier_forward, log_score_forward, fit_b,
 * fit_will (the in-sample fit), fitted (coefficients fitted to the outcomes), sessions.
 * @param out  out: free with ns_rows_free().
 * @return as ns_history_backtest(). Cost: twelve backtests.
 */
ns_status ns_history_ablation(ns_ctx_t *ctx, const ns_world_t *w, const ns_process_params_t *params,
                              const ns_history_grid_t *grid, ns_rows_t **out);

#ifdef __cplusplus
}
#endif
#endif
