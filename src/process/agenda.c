/* The agenda rule of the record (docs/RECORD.md 3.5): which paragraphs a body's mandate
 * puts on its table, and which of them an earlier adopted report already settled.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "process_internal.h"

#include <string.h>

/* Each mandate column (NS_TOPIC_* bit order) and the paragraphs it asks for, by dimension
 * id; NULL ends a list. regional_orgs and national_contributions are procedures (who is
 * consulted, what record of views goes with the report) and ask for no paragraph. */
static const char *const topic_paragraphs[][4] = {
    {"sovereignty", NULL},                            /* threats */
    {"norms", "binding", NULL},                       /* norms */
    {"ihl", "self_defence", "countermeasures", NULL}, /* international_law */
    {"cbm", NULL},                                    /* cbm */
    {"capacity_building", NULL},                      /* capacity_building */
    {"cbm", NULL},                                    /* regular_dialogue */
    {"binding", NULL},                                /* binding_instrument */
    {"multistakeholder", NULL},                       /* stakeholders */
    {NULL},                                           /* regional_orgs */
    {NULL},                                           /* national_contributions */
};
enum { N_TOPICS = sizeof topic_paragraphs / sizeof topic_paragraphs[0] };

/* The body's own paragraphs as bits of world dimensions (those past 63 are left out). */
static uint64_t own_paragraphs(const ns_body_t *b)
{
    uint64_t bits = 0;
    for (size_t k = 0; k < b->n_mandate; k++) {
        if (b->mandate[k] < 64) {
            bits |= UINT64_C(1) << b->mandate[k];
        }
    }
    return bits;
}

/* The paragraphs the mandate row of `body` asks for (bits of world dimensions), or 0 when
 * the rule does not apply to it. */
static uint64_t asked(const ns_world_t *w, size_t body)
{
    const ns_mandate_t *m = ns_world_body_mandate(w, body);
    const ns_body_t *b = ns_world_body(w, body);
    if (m == NULL || b == NULL || m->verified == NS_VERIFIED_NO) {
        return 0;
    }
    uint64_t bits = 0;
    for (size_t c = 0; c < N_TOPICS; c++) {
        if ((m->topics & (1u << c)) == 0) {
            continue;
        }
        for (size_t k = 0; topic_paragraphs[c][k] != NULL; k++) {
            for (size_t d = 0; d < ns_world_dimension_count(w) && d < 64; d++) {
                if (strcmp(ns_world_dimension(w, d)->id, topic_paragraphs[c][k]) == 0) {
                    bits |= UINT64_C(1) << d;
                }
            }
        }
    }
    return bits & own_paragraphs(b);
}

/* The paragraphs on the table of `body` under the rule: its mandate's, or its own when
 * the rule does not apply. */
static uint64_t on_table(const ns_world_t *w, size_t body)
{
    uint64_t bits = asked(w, body);
    return bits != 0 ? bits : own_paragraphs(ns_world_body(w, body));
}

bool ns_process_agenda(const ns_world_t *w, size_t body, uint64_t *on, uint64_t *settled)
{
    const ns_body_t *target = ns_world_body(w, body);
    *on = 0;
    *settled = 0;
    if (target == NULL || asked(w, body) == 0) {
        return false;
    }
    *on = asked(w, body);
    /* Earlier adopted reports: the bodies whose text the timeline carries forward
     * (ns__process_carry): adopted in history, begun before this body's first year and
     * ended by it. */
    for (size_t a = 0; a < ns_world_body_count(w); a++) {
        const ns_body_t *b = ns_world_body(w, a);
        if (a == body || !ns__process_is_session(b) || b->outcome != NS_OUTCOME_ADOPTED ||
            b->end_year == 0 || b->end_year > target->start_year ||
            b->start_year >= target->start_year) {
            continue;
        }
        *settled |= on_table(w, a);
    }
    *settled &= *on;
    return true;
}
