/* Names of the world's enumerations, as written in the data files and on the command
 * line.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "normsim/world.h"

#include <string.h>

const char *ns_verified_str(ns_verified_t v)
{
    switch (v) {
    case NS_VERIFIED_YES: return "yes";
    case NS_VERIFIED_PARTLY: return "partly";
    case NS_VERIFIED_NO: return "no";
    case NS_VERIFIED_NA: break;
    }
    return "";
}

/* Indexed by ns_ungroup_t. The long names are those of states.csv. */
static const char *const group_names[NS_GROUP_COUNT] = {
    "", "African", "Asia-Pacific", "Eastern European", "Latin American and Caribbean", "WEOG",
};
static const char *const group_ids[NS_GROUP_COUNT] = {
    "", "AFR", "APG", "EEG", "GRULAC", "WEOG",
};

const char *ns_ungroup_name(ns_ungroup_t g)
{
    return ((unsigned)g < NS_GROUP_COUNT) ? group_names[g] : "";
}

const char *ns_ungroup_id(ns_ungroup_t g)
{
    return ((unsigned)g < NS_GROUP_COUNT) ? group_ids[g] : "";
}

ns_status ns_ungroup_parse(const char *s, ns_ungroup_t *out)
{
    if (s != NULL && s[0] != '\0') {
        for (int g = NS_GROUP_AFRICAN; g < NS_GROUP_COUNT; g++) {
            if (strcmp(s, group_names[g]) == 0 || strcmp(s, group_ids[g]) == 0) {
                *out = (ns_ungroup_t)g;
                return NS_OK;
            }
        }
    }
    return NS_ENOTFOUND;
}

static const char *const membership_rules[] = {"historical", "rotation", "open", "list"};
static const char *const decision_rules[] = {"consensus", "k_of_n", "weighted_qmv", "majority"};
static const char *const body_kinds[] = {"gge", "oewg", "ga", "mechanism", "custom"};

const char *ns_membership_rule_str(ns_membership_rule_t r)
{
    return ((unsigned)r < sizeof membership_rules / sizeof membership_rules[0])
               ? membership_rules[r]
               : "";
}

const char *ns_decision_rule_str(ns_decision_rule_t r)
{
    return ((unsigned)r < sizeof decision_rules / sizeof decision_rules[0]) ? decision_rules[r]
                                                                            : "";
}

const char *ns_body_kind_str(ns_body_kind_t k)
{
    return ((unsigned)k < sizeof body_kinds / sizeof body_kinds[0]) ? body_kinds[k] : "";
}

ns_status ns_membership_rule_parse(const char *s, ns_membership_rule_t *out)
{
    for (size_t i = 0; s != NULL && i < sizeof membership_rules / sizeof membership_rules[0]; i++) {
        if (strcmp(s, membership_rules[i]) == 0) {
            *out = (ns_membership_rule_t)i;
            return NS_OK;
        }
    }
    return NS_ENOTFOUND;
}

ns_status ns_decision_rule_parse(const char *s, ns_decision_rule_t *out)
{
    for (size_t i = 0; s != NULL && i < sizeof decision_rules / sizeof decision_rules[0]; i++) {
        if (strcmp(s, decision_rules[i]) == 0) {
            *out = (ns_decision_rule_t)i;
            return NS_OK;
        }
    }
    return NS_ENOTFOUND;
}

const char *ns_vote_str(ns_vote_value_t v)
{
    switch (v) {
    case NS_VOTE_YES: return "yes";
    case NS_VOTE_ABSTAIN: return "abstain";
    case NS_VOTE_NO: return "no";
    }
    return "";
}
