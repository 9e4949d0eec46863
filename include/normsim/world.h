/* normsim: the world. States, organisations, capabilities, dimensions, positions,
 * stakeholders, bodies, resolutions, roll-call votes, norms, ideal points and the other
 * sourced tables, held in one opaque object that can be built, queried and copied.
 *
 * Records are plain structs. Strings inside records returned by the world are owned by
 * the world (its arena) and live as long as it does. When adding a record, the world
 * copies every string it is given.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef NORMSIM_WORLD_H
#define NORMSIM_WORLD_H

#include "normsim/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How well a row is sourced (the `verified` column of the data). */
typedef enum ns_verified {
    NS_VERIFIED_NA = 0, /* The file has no such column (model estimates, official lists). */
    NS_VERIFIED_YES,
    NS_VERIFIED_PARTLY,
    NS_VERIFIED_NO
} ns_verified_t;

const char *ns_verified_str(ns_verified_t v); /* "", "yes", "partly", "no" */

/* UN regional groups. */
typedef enum ns_ungroup {
    NS_GROUP_NONE = 0,
    NS_GROUP_AFRICAN,
    NS_GROUP_ASIA_PACIFIC,
    NS_GROUP_EASTERN_EUROPEAN,
    NS_GROUP_GRULAC, /* Latin American and Caribbean */
    NS_GROUP_WEOG,   /* Western European and Others */
    NS_GROUP_COUNT
} ns_ungroup_t;

/* Names as written in states.csv ("African", "Asia-Pacific", "Eastern European",
 * "Latin American and Caribbean", "WEOG"); short ids "AFR", "APG", "EEG", "GRULAC",
 * "WEOG" are also accepted by ns_ungroup_parse. */
const char *ns_ungroup_name(ns_ungroup_t g);
const char *ns_ungroup_id(ns_ungroup_t g);
ns_status ns_ungroup_parse(const char *s, ns_ungroup_t *out); /* NS_ENOTFOUND if unknown */

/* ---- Records -------------------------------------------------------------------- */

typedef struct ns_state {
    char iso3[4];
    int m49;
    const char *name;
    ns_ungroup_t group;
    bool p5;
    int member_since; /* Year of UN admission. */
    const char *notes;
} ns_state_t;

typedef struct ns_org {
    const char *id; /* "NATO", "EU", "SCO", ... */
    const char *name;
} ns_org_t;

typedef struct ns_membership {
    size_t state;       /* Index into states. */
    size_t org;         /* Index into orgs. */
    int joined;         /* Year; 0 if unknown. */
    int left;           /* Year; 0 if still a member. */
    const char *status; /* "member", "former", "suspended", ... */
    ns_verified_t verified;
} ns_membership_t;

typedef struct ns_gdp {
    size_t state;
    int year;
    double usd; /* Current US dollars. */
    ns_verified_t verified;
} ns_gdp_t;

typedef struct ns_gci {
    size_t state;
    int edition;
    int rank;
    double score; /* NaN where the source gives only the rank. */
    ns_verified_t verified;
} ns_gci_t;

/* A contested question with labelled ends, on a 0..100 scale unless said otherwise. */
typedef struct ns_dimension {
    const char *id; /* "ihl", "self_defence", ... */
    const char *label;
    const char *low;  /* What 0 means. */
    const char *high; /* What 100 means. */
    double scale_min;
    double scale_max;
    double silence; /* Status quo when no agreed language exists. */
} ns_dimension_t;

/* Where one actor stands on one dimension. */
typedef struct ns_position {
    double x;        /* Ideal point on the dimension's scale; NaN if unknown. */
    double sd;       /* Uncertainty (standard deviation); 0 if none. */
    double salience; /* In [0, 1]; NaN if unknown. */
} ns_position_t;

typedef enum ns_actor_kind { NS_ACTOR_STATE = 0, NS_ACTOR_STAKEHOLDER } ns_actor_kind_t;

/* Companies, NGOs, academia: speak in open bodies, never decide or block. */
typedef struct ns_stakeholder {
    const char *id;
    const char *name;
    const char *kind; /* "company", "ngo", "academia", "intergovernmental", ... */
} ns_stakeholder_t;

typedef enum ns_membership_rule {
    NS_MEMBERS_HISTORICAL = 0, /* The recorded member list. */
    NS_MEMBERS_ROTATION,       /* P5 + regional quotas, least recently served first. */
    NS_MEMBERS_OPEN,           /* Every UN member state of the time. */
    NS_MEMBERS_LIST            /* A user-given list. */
} ns_membership_rule_t;

typedef enum ns_decision_rule {
    NS_DECIDE_CONSENSUS = 0,
    NS_DECIDE_K_OF_N,
    NS_DECIDE_WEIGHTED_QMV,
    NS_DECIDE_MAJORITY /* General Assembly: yes / no / abstain. */
} ns_decision_rule_t;

typedef enum ns_body_kind {
    NS_BODY_GGE = 0,
    NS_BODY_OEWG,
    NS_BODY_GA,
    NS_BODY_MECHANISM, /* The permanent Global Mechanism (2026). */
    NS_BODY_CUSTOM
} ns_body_kind_t;

const char *ns_membership_rule_str(ns_membership_rule_t r);
const char *ns_decision_rule_str(ns_decision_rule_t r);
const char *ns_body_kind_str(ns_body_kind_t k);
ns_status ns_membership_rule_parse(const char *s, ns_membership_rule_t *out);
ns_status ns_decision_rule_parse(const char *s, ns_decision_rule_t *out);

/* Outcome of a body as recorded: a consensus report or not. */
typedef enum ns_outcome {
    NS_OUTCOME_UNKNOWN = -1, /* Not yet met, or not recorded. */
    NS_OUTCOME_FAILED = 0,   /* No consensus report. */
    NS_OUTCOME_ADOPTED = 1   /* Consensus report adopted. */
} ns_outcome_t;

typedef struct ns_body {
    const char *id; /* "GGE1".."GGE6", "OEWG1", "OEWG2", "GM", or a user id. */
    const char *name;
    ns_body_kind_t kind;
    int start_year;
    int end_year; /* 0 if open-ended. */
    ns_membership_rule_t membership;
    ns_decision_rule_t decision;
    int k;      /* For NS_DECIDE_K_OF_N: how many must accept. */
    int seats;  /* Seats for rotation bodies; recorded size for GGEs; 0 if open. */
    long chair; /* Index into states; -1 if none. */
    const char *chair_name;
    const char *establishing_resolution;
    const char *report_symbol; /* "" if none. */
    ns_outcome_t outcome;
    const char *outcome_note;
    bool stakeholders_consulted;
    /* Mandate: indices into the world's dimensions. */
    const size_t *mandate;
    size_t n_mandate;
    /* Members (for historical and list bodies): indices into states, with how each
     * membership row is sourced. */
    const size_t *members;
    const ns_verified_t *member_verified;
    size_t n_members;
    ns_verified_t verified;
    const char *source;
} ns_body_t;

typedef enum ns_adoption {
    NS_ADOPT_UNKNOWN = 0,
    NS_ADOPT_RECORDED_VOTE,
    NS_ADOPT_WITHOUT_VOTE
} ns_adoption_t;

typedef struct ns_resolution {
    const char *symbol; /* "A/RES/73/27"; may be "" for an unnumbered row. */
    const char *kind;   /* "resolution", "decision". */
    int session;
    int year;
    const char *date; /* ISO 8601, possibly only year or year-month. */
    const char *title;
    const char *line; /* "developments", "responsible_behaviour", ... */
    const char *committee;
    long lead_sponsor; /* Index into states; -1 if none. */
    ns_adoption_t adoption;
    int yes, no, abstain; /* -1 where unknown. */
    int rcid;             /* Voeten roll-call id; 0 if none. */
    ns_verified_t verified;
    const char *note;
} ns_resolution_t;

typedef enum ns_vote_value { NS_VOTE_YES = 0, NS_VOTE_ABSTAIN, NS_VOTE_NO } ns_vote_value_t;

const char *ns_vote_str(ns_vote_value_t v);

typedef struct ns_vote {
    size_t resolution; /* Index into resolutions. */
    size_t state;
    ns_vote_value_t vote;
} ns_vote_t;

/* A norm: a paragraph of an adopted report, the unit of diffusion. */
typedef struct ns_norm {
    const char *id; /* "2015a" .. "2015k". */
    const char *label;
    const char *text;      /* Paraphrase. */
    const char *report;    /* "A/70/174". */
    const char *paragraph; /* "13(a)". */
    long body;             /* Index into bodies; -1 if not known. */
    int year;
    ns_verified_t verified;
} ns_norm_t;

/* Bailey, Strezhnev and Voeten (2017) ideal point of a state in one session. */
typedef struct ns_ideal_point {
    size_t state;
    int session;
    int year;
    double ideal, q05, q95;
    int n_votes;
} ns_ideal_point_t;

/* A published national position on international law in cyberspace, coded. Each
 * coded question is 1 (yes), 0 (no) or -1 (not coded). */
typedef struct ns_national_position {
    size_t state;
    int first_year;
    const char *years; /* "2020;2021". */
    int in_a76_136;
    int ihl_applies, sovereignty_rule, self_defence, countermeasures, due_diligence;
    ns_verified_t verified;
} ns_national_position_t;

/* A dated event in a state's adoption of an instrument. */
typedef struct ns_adoption_event {
    size_t state;
    const char *instrument; /* "budapest_convention", "paris_call", ... */
    const char *event;      /* "signed", "ratified", "in_force", "endorsed", "published". */
    int year;               /* 0 if only bounded. */
    const char *date;
    const char *date_earliest;
    const char *date_latest;
    ns_verified_t verified;
} ns_adoption_event_t;

/* ---- The record: mandates, relations, stances (docs/RECORD.md) ------------------- */

/* A date as the integer YYYYMMDD; an unknown month or day is 00, so that a date known
 * only to the year sorts before every dated day of that year. */
typedef int ns_date_t;

/* What non-negotiated record of divergent views a body's practice included
 * (mandates.csv `record_of_views`; bits). */
enum {
    NS_VIEWS_CHAIR_SUMMARY = 1u << 0,          /* A Chair's Summary beside the report. */
    NS_VIEWS_NATIONAL_CONTRIBUTIONS = 1u << 1, /* A compendium of national views. */
    NS_VIEWS_UNKNOWN = 1u << 2                 /* Not known (alone): no rule applies. */
};

/* What a mandating resolution asked (mandates.csv; bits, in the file's column order). */
enum {
    NS_TOPIC_THREATS = 1u << 0,
    NS_TOPIC_NORMS = 1u << 1,
    NS_TOPIC_INTERNATIONAL_LAW = 1u << 2,
    NS_TOPIC_CBM = 1u << 3,
    NS_TOPIC_CAPACITY_BUILDING = 1u << 4,
    NS_TOPIC_REGULAR_DIALOGUE = 1u << 5,
    NS_TOPIC_BINDING_INSTRUMENT = 1u << 6,
    NS_TOPIC_STAKEHOLDERS = 1u << 7,
    NS_TOPIC_REGIONAL_ORGS = 1u << 8,
    NS_TOPIC_NATIONAL_CONTRIBUTIONS = 1u << 9
};

/* One body's mandate and practice (a row of mandates.csv). */
typedef struct ns_mandate {
    size_t body;            /* Index into bodies. */
    const char *resolution; /* The mandating resolution, "A/RES/70/237". */
    ns_date_t adopted;      /* Its date (0 if unknown). */
    unsigned topics;        /* NS_TOPIC_* bits. */
    unsigned views;         /* NS_VIEWS_* bits; 0: none (a report or nothing);
                             * NS_VIEWS_UNKNOWN: the record does not say. */
    ns_date_t report_date;  /* When the report was adopted or the session ended (0:
                             * unknown or still meeting). */
    ns_verified_t verified;
} ns_mandate_t;

/* Kinds of relations events (relations_events.csv `kind`). */
typedef enum ns_relation_kind {
    NS_REL_AGREEMENT = 0,
    NS_REL_DIALOGUE_STARTED,
    NS_REL_DIALOGUE_SUSPENDED,
    NS_REL_JOINT_STATEMENT,
    NS_REL_ATTRIBUTION,
    NS_REL_SANCTION,
    NS_REL_INDICTMENT,
    NS_REL_EXPULSION,
    NS_REL_CODE_OF_CONDUCT,
    NS_REL_FORUM,
    NS_REL_COSPONSORSHIP,
    NS_REL_VOTE, /* A permanent member votes against another's text (the roll calls). */
    NS_REL_KIND_COUNT
} ns_relation_kind_t;

const char *ns_relation_kind_str(ns_relation_kind_t k);

/* Actors on one side of an event, at most this many. */
#define NS_RELATION_MAX_ACTORS 12

/* One party named on a side: a state or an organisation (its members in the event's
 * year are parties). */
typedef struct ns_relation_actor {
    bool org; /* true: index into orgs; false: into states. */
    size_t index;
} ns_relation_actor_t;

/* A dated cyber-relations event among the permanent five and the camps. */
typedef struct ns_relation_event {
    ns_date_t date;
    ns_relation_kind_t kind;
    size_t n_a, n_b; /* Actors on each side (n_b may be 0: the General Assembly as forum). */
    ns_relation_actor_t a[NS_RELATION_MAX_ACTORS];
    ns_relation_actor_t b[NS_RELATION_MAX_ACTORS];
    int cooperative; /* +1 or -1. */
    ns_verified_t verified;
} ns_relation_event_t;

/* A dated public stance of a state on a dimension (stances.csv). */
typedef struct ns_stance {
    size_t state;
    size_t dim; /* Index into dimensions. */
    ns_date_t date;
    int stance; /* +1 for (the 100 end), -1 against (the 0 end), 0 mixed. */
    ns_verified_t verified;
} ns_stance_t;

/* A state named as sponsor or co-sponsor of a General Assembly text (sponsors.csv;
 * docs/record/sponsors.md). The vote model's sponsor rule reads them (docs/RECORD.md 9). */
typedef struct ns_sponsorship {
    size_t resolution; /* Index into resolutions. */
    size_t state;
    bool main;         /* The state that tabled the text (role `sponsor`). */
    const char *draft; /* The draft's symbol ("A/C.1/73/L.27/Rev.1"); "" if not known. */
    ns_verified_t verified;
} ns_sponsorship_t;

/* The rules by which the record enters the history model (docs/RECORD.md section 3;
 * bits), each switchable for the ablation of the history backtest. */
enum {
    NS_RULE_WILL = 1u << 0,     /* 3.1: will from the relations record. */
    NS_RULE_STANCES = 1u << 1,  /* 3.2: positions updated by dated stances. */
    NS_RULE_SALIENCE = 1u << 2, /* 3.3: legal salience from attributions and sanctions. */
    NS_RULE_VIEWS = 1u << 3,    /* 3.4: the body's practice on records of views. */
    NS_RULE_AGENDA = 1u << 4,   /* 3.5: the mandate's paragraphs beyond adopted reports. */
    NS_RULES_ALL = (1u << 5) - 1
};

/* Which record tables ns_world_drop_record() empties (bits). */
enum { NS_RECORD_MANDATES = 1u << 0, NS_RECORD_RELATIONS = 1u << 1, NS_RECORD_STANCES = 1u << 2 };

/* ---- The world ------------------------------------------------------------------ */

typedef struct ns_world ns_world_t;

/* An empty world (no states, no dimensions). Free with ns_world_free(). */
ns_status ns_world_new(ns_ctx_t *ctx, ns_world_t **out);
void ns_world_free(ns_world_t *world);
/* A deep copy: changing one never changes the other. */
ns_status ns_world_copy(ns_ctx_t *ctx, const ns_world_t *src, ns_world_t **out);

/* Where the world's data came from: "builtin:<data version>" or a path. */
const char *ns_world_data_version(const ns_world_t *w);
ns_status ns_world_set_data_version(ns_ctx_t *ctx, ns_world_t *w, const char *version);

/* Adders copy the record (and its strings); *index receives its position (may be
 * NULL). They return NS_EINVAL for a duplicate id / iso3 or an index out of range,
 * NS_ERANGE for out-of-range values, NS_ENOMEM. */
ns_status ns_world_add_state(ns_ctx_t *ctx, ns_world_t *w, const ns_state_t *s, size_t *index);
ns_status ns_world_add_org(ns_ctx_t *ctx, ns_world_t *w, const ns_org_t *o, size_t *index);
ns_status ns_world_add_membership(ns_ctx_t *ctx, ns_world_t *w, const ns_membership_t *m);
ns_status ns_world_add_gdp(ns_ctx_t *ctx, ns_world_t *w, const ns_gdp_t *g);
ns_status ns_world_add_gci(ns_ctx_t *ctx, ns_world_t *w, const ns_gci_t *g);
ns_status ns_world_add_dimension(ns_ctx_t *ctx, ns_world_t *w, const ns_dimension_t *d,
                                 size_t *index);
ns_status ns_world_add_stakeholder(ns_ctx_t *ctx, ns_world_t *w, const ns_stakeholder_t *s,
                                   size_t *index);
ns_status ns_world_add_body(ns_ctx_t *ctx, ns_world_t *w, const ns_body_t *b, size_t *index);
ns_status ns_world_add_resolution(ns_ctx_t *ctx, ns_world_t *w, const ns_resolution_t *r,
                                  size_t *index);
ns_status ns_world_add_vote(ns_ctx_t *ctx, ns_world_t *w, const ns_vote_t *v);
ns_status ns_world_add_norm(ns_ctx_t *ctx, ns_world_t *w, const ns_norm_t *n, size_t *index);
ns_status ns_world_add_ideal_point(ns_ctx_t *ctx, ns_world_t *w, const ns_ideal_point_t *p);
ns_status ns_world_add_national_position(ns_ctx_t *ctx, ns_world_t *w,
                                         const ns_national_position_t *p);
ns_status ns_world_add_adoption_event(ns_ctx_t *ctx, ns_world_t *w, const ns_adoption_event_t *e);
/* The record (docs/RECORD.md). A body has at most one mandate (NS_EINVAL for a second);
 * an event needs at least one actor on side a and cooperative +1 or -1; a stance's
 * value is -1, 0 or +1. Dates must be YYYYMMDD with month 0-12 and day 0-31. */
ns_status ns_world_add_mandate(ns_ctx_t *ctx, ns_world_t *w, const ns_mandate_t *m);
ns_status ns_world_add_relation_event(ns_ctx_t *ctx, ns_world_t *w, const ns_relation_event_t *e);
ns_status ns_world_add_stance(ns_ctx_t *ctx, ns_world_t *w, const ns_stance_t *s);
/* Empty the record tables named by `which` (NS_RECORD_* bits): the ablation of the
 * history backtest and the "record removed" tests. */
void ns_world_drop_record(ns_world_t *w, unsigned which);
/* Sponsor rows (docs/RECORD.md 9): the resolution and state must exist, verified be
 * valid (NS_EINVAL / NS_ERANGE). ns_world_drop_sponsorships() empties them (the test that
 * the vote model without them is today's). */
ns_status ns_world_add_sponsorship(ns_ctx_t *ctx, ns_world_t *w, const ns_sponsorship_t *s);
void ns_world_drop_sponsorships(ns_world_t *w);

/* Counts and borrowed records (i < count, else NULL). */
size_t ns_world_state_count(const ns_world_t *w);
const ns_state_t *ns_world_state(const ns_world_t *w, size_t i);
size_t ns_world_org_count(const ns_world_t *w);
const ns_org_t *ns_world_org(const ns_world_t *w, size_t i);
size_t ns_world_membership_count(const ns_world_t *w);
const ns_membership_t *ns_world_membership(const ns_world_t *w, size_t i);
size_t ns_world_gdp_count(const ns_world_t *w);
const ns_gdp_t *ns_world_gdp(const ns_world_t *w, size_t i);
size_t ns_world_gci_count(const ns_world_t *w);
const ns_gci_t *ns_world_gci(const ns_world_t *w, size_t i);
size_t ns_world_dimension_count(const ns_world_t *w);
const ns_dimension_t *ns_world_dimension(const ns_world_t *w, size_t i);
size_t ns_world_stakeholder_count(const ns_world_t *w);
const ns_stakeholder_t *ns_world_stakeholder(const ns_world_t *w, size_t i);
size_t ns_world_body_count(const ns_world_t *w);
const ns_body_t *ns_world_body(const ns_world_t *w, size_t i);
size_t ns_world_resolution_count(const ns_world_t *w);
const ns_resolution_t *ns_world_resolution(const ns_world_t *w, size_t i);
size_t ns_world_vote_count(const ns_world_t *w);
const ns_vote_t *ns_world_vote(const ns_world_t *w, size_t i);
size_t ns_world_norm_count(const ns_world_t *w);
const ns_norm_t *ns_world_norm(const ns_world_t *w, size_t i);
size_t ns_world_ideal_point_count(const ns_world_t *w);
const ns_ideal_point_t *ns_world_ideal_point(const ns_world_t *w, size_t i);
size_t ns_world_national_position_count(const ns_world_t *w);
const ns_national_position_t *ns_world_national_position(const ns_world_t *w, size_t i);
size_t ns_world_adoption_event_count(const ns_world_t *w);
const ns_adoption_event_t *ns_world_adoption_event(const ns_world_t *w, size_t i);
size_t ns_world_mandate_count(const ns_world_t *w);
const ns_mandate_t *ns_world_mandate(const ns_world_t *w, size_t i);
size_t ns_world_relation_event_count(const ns_world_t *w);
const ns_relation_event_t *ns_world_relation_event(const ns_world_t *w, size_t i);
size_t ns_world_stance_count(const ns_world_t *w);
const ns_stance_t *ns_world_stance(const ns_world_t *w, size_t i);
size_t ns_world_sponsorship_count(const ns_world_t *w);
const ns_sponsorship_t *ns_world_sponsorship(const ns_world_t *w, size_t i);
/* Whether state i is a direct party of event e: named on either side, or a member, in
 * the event's year, of an organisation named on either side (docs/RECORD.md 3.1). */
bool ns_world_relation_party(const ns_world_t *w, const ns_relation_event_t *e, size_t state);
/* The mandate of a body, or NULL when the record has none. O(mandates). */
const ns_mandate_t *ns_world_body_mandate(const ns_world_t *w, size_t body);

/* Lookups by id. Return NS_OK and the index, or NS_ENOTFOUND (with a message naming
 * the id, and for states the closest known code when one is close). O(log n) or O(1). */
ns_status ns_world_find_state(ns_ctx_t *ctx, const ns_world_t *w, const char *iso3, size_t *index);
ns_status ns_world_find_org(ns_ctx_t *ctx, const ns_world_t *w, const char *id, size_t *index);
ns_status ns_world_find_dimension(ns_ctx_t *ctx, const ns_world_t *w, const char *id,
                                  size_t *index);
ns_status ns_world_find_stakeholder(ns_ctx_t *ctx, const ns_world_t *w, const char *id,
                                    size_t *index);
ns_status ns_world_find_body(ns_ctx_t *ctx, const ns_world_t *w, const char *id, size_t *index);
/* A resolution by symbol ("A/RES/73/27"); a row without a symbol is found as
 * "session:N" (N its session). */
ns_status ns_world_find_resolution(ns_ctx_t *ctx, const ns_world_t *w, const char *symbol,
                                   size_t *index);

/* Lookups of names as people type them (the command line's, not the data files'):
 * - a state by ISO3 code or name, in any case ("chn", "China"), by a common name for
 *   the UN's ("Russia", "UK", "South Korea"), by its name before a parenthesis ("Iran")
 *   or by the start (4 letters or more) of a word of one state's name only ("Syria");
 * - a body by id in any case ("gge5");
 * - a resolution by symbol in any case or short form ("73/27", "a/res/73/27"), or
 *   "session:N".
 * NS_OK and the index; NS_ENOTFOUND with a message that suggests the nearest names of
 * the right list (edit distance), or says where the list is; NS_ENOMEM. O(n). */
ns_status ns_world_lookup_state(ns_ctx_t *ctx, const ns_world_t *w, const char *text,
                                size_t *index);
ns_status ns_world_lookup_body(ns_ctx_t *ctx, const ns_world_t *w, const char *text, size_t *index);
ns_status ns_world_lookup_resolution(ns_ctx_t *ctx, const ns_world_t *w, const char *text,
                                     size_t *index);

/* Levenshtein distance between two names, ignoring ASCII case; SIZE_MAX when one is
 * over 64 bytes (never near). */
size_t ns_names_distance(const char *a, const char *b);
/* Whether two names are equal but for the case of ASCII letters. */
bool ns_names_equal(const char *a, const char *b);
/* The indices of up to k names nearest to query (at most max(2, len/2) edits away),
 * nearest first, ties in list order, a name listed twice counted once; returns how
 * many were written to out (which has room for k). NULL names are skipped. */
size_t ns_names_nearest(const char *query, const char *const *names, size_t n, size_t k,
                        size_t *out);
/* Set NS_ENOTFOUND on ctx with "unknown WHAT 'QUERY' (did you mean A, B or C?)" from
 * the nearest of names, or "...; HINT" when none is near. Returns NS_ENOTFOUND. */
ns_status ns_names_unknown(ns_ctx_t *ctx, const char *what, const char *query,
                           const char *const *names, size_t n, const char *hint);

/* Whether state i was a UN member in `year`. */
bool ns_world_is_member(const ns_world_t *w, size_t state, int year);
/* Whether state i belonged to organisation o in `year` (status "member"). */
bool ns_world_in_org(const ns_world_t *w, size_t state, size_t org, int year);
/* GDP of state i in `year`, or the nearest earlier year with data; NaN if none. */
double ns_world_gdp_at(const ns_world_t *w, size_t state, int year);
/* The GDP row behind ns_world_gdp_at (its year and value), or NULL if none. */
const ns_gdp_t *ns_world_gdp_row_at(const ns_world_t *w, size_t state, int year);
/* The vote rows of resolution r by value: counts[NS_VOTE_YES], [NS_VOTE_ABSTAIN] and
 * [NS_VOTE_NO] (all 0 for an r out of range). */
void ns_world_vote_counts(const ns_world_t *w, size_t r, size_t counts[3]);
/* State i's vote on resolution r (of two rows, the last added), or NULL if none. */
const ns_vote_t *ns_world_vote_of(const ns_world_t *w, size_t state, size_t r);
/* The ideal point of state i with the latest year in [from, to] (of two rows of one year,
 * the first added), or NULL if none. */
const ns_ideal_point_t *ns_world_ideal_point_latest(const ns_world_t *w, size_t state, int from,
                                                    int to);

/* ---- Positions, saliences, capabilities, political will -------------------------- */

/* Every actor (state or stakeholder) has one ns_position_t per dimension, initially
 * unknown (x = NaN, sd = 0, salience = NaN). Adding a dimension extends every actor. */
ns_status ns_world_set_position(ns_ctx_t *ctx, ns_world_t *w, ns_actor_kind_t kind, size_t actor,
                                size_t dim, const ns_position_t *p);
/* The position, or NULL when an index is out of range. */
const ns_position_t *ns_world_position(const ns_world_t *w, ns_actor_kind_t kind, size_t actor,
                                       size_t dim);

/* Capability of a state (>= 0; NaN unknown) and political will to close a deal
 * (>= 0; default 0). */
ns_status ns_world_set_capability(ns_ctx_t *ctx, ns_world_t *w, size_t state, double c);
double ns_world_capability(const ns_world_t *w, size_t state);
ns_status ns_world_set_will(ns_ctx_t *ctx, ns_world_t *w, size_t state, double will);
double ns_world_will(const ns_world_t *w, size_t state);

/* Replace the fields of an existing record (scenario overrides). The id (iso3, dimension
 * id, body id) cannot change: NS_EINVAL if it differs. Strings are copied. For bodies,
 * the members and mandate are left as they are: set them with the two functions below.
 * NS_EINVAL / NS_ERANGE as for the adders; NS_ENOMEM. */
ns_status ns_world_set_state(ns_ctx_t *ctx, ns_world_t *w, size_t index, const ns_state_t *s);
ns_status ns_world_set_dimension(ns_ctx_t *ctx, ns_world_t *w, size_t index,
                                 const ns_dimension_t *d);
ns_status ns_world_set_body_rules(ns_ctx_t *ctx, ns_world_t *w, size_t index, const ns_body_t *b);

/* Replace a body's member list or mandate (indices are copied and checked). */
ns_status ns_world_set_body_members(ns_ctx_t *ctx, ns_world_t *w, size_t body,
                                    const size_t *members, const ns_verified_t *verified, size_t n);
ns_status ns_world_set_body_mandate(ns_ctx_t *ctx, ns_world_t *w, size_t body, const size_t *dims,
                                    size_t n);

/* Named global parameters of a scenario (will scale, forum-shopping strength, ...):
 * key = number pairs; set replaces. The keys, types and ranges are declared in the
 * parameter registry (normsim/params.h); the world stores any finite number, and its
 * readers (ns_process_params_read, ns_diffusion_params_from_world) and scenarios check
 * every key against the registry (ns_param_check_world) before reading one. */
ns_status ns_world_set_param(ns_ctx_t *ctx, ns_world_t *w, const char *key, double value);
/* NS_OK and the value, or NS_ENOTFOUND. */
ns_status ns_world_param(const ns_world_t *w, const char *key, double *value);
size_t ns_world_param_count(const ns_world_t *w);
const char *ns_world_param_key(const ns_world_t *w, size_t i);

#ifdef __cplusplus
}
#endif
#endif
