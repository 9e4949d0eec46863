/* Constant tables of the UN scenario: its nine dimensions and the full names of the
 * organisations that memberships.csv names by id.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "data/loader.h"

#include <string.h>

/* The nine contested questions of the UN process (MECHANISM.md items 1.3, 4, 6.2, 6.3;
 * the paper's section on why agreement fails). Every scale runs 0..100.
 *
 * Orientation: 100 is always the fullest form of the proposition in the id (IHL applies
 * in full, self-defence is available, ...), 0 its rejection. The silence anchor is the
 * status quo of a question on which no agreed language exists yet (DESIGN.md model 7):
 * for propositions that a report must affirm to create (every dimension except
 * sovereignty), saying nothing leaves them unaffirmed, so silence is 0. Sovereignty over
 * the information space is different: the Charter's sovereign equality applies whatever
 * a report says, but whether it extends to control of information content is unsettled,
 * so silence sits at the middle, 50. */
static const ns_dimension_t dimensions[] = {
    {"ihl", "International humanitarian law applies to ICT use in armed conflict",
     "IHL does not apply: applying it would legitimise cyber war",
     "IHL applies in full (humanity, necessity, proportionality, distinction)", 0, 100, 0},
    {"self_defence", "The right of self-defence (UN Charter Art. 51) against cyber operations",
     "no right of self-defence against ICT operations; only the Security Council acts",
     "a full right of self-defence against ICT operations amounting to an armed attack", 0, 100, 0},
    {"countermeasures", "Countermeasures under general international law against ICT acts",
     "countermeasures are not available (unequal security, bypasses the Security Council)",
     "states may take countermeasures against internationally wrongful ICT acts", 0, 100, 0},
    {"sovereignty", "State control of the information space",
     "free flow of information across borders; no state control of content",
     "full state control of the information space within its territory", 0, 100, 50},
    {"binding", "A new legally binding instrument rather than voluntary norms",
     "voluntary, non-binding norms only", "a new legally binding treaty", 0, 100, 0},
    {"multistakeholder", "The role of non-state actors (industry, NGOs, academia)",
     "states only; no role for non-state actors",
     "full consultation and participation of non-state stakeholders", 0, 100, 0},
    {"capacity_building", "Capacity building: help from strong states to weaker ones",
     "no commitment to capacity building",
     "firm commitment to close the digital and security divide", 0, 100, 0},
    {"cbm", "Confidence-building measures and regular institutional dialogue",
     "no confidence-building measures", "operational CBMs with a regular institutional dialogue", 0,
     100, 0},
    {"norms", "The voluntary norms of responsible state behaviour (the 11 of A/70/174)",
     "no norms of responsible behaviour", "all eleven norms endorsed and implemented", 0, 100, 0},
};

size_t ns__data_dimensions(const ns_dimension_t **dims)
{
    *dims = dimensions;
    return sizeof dimensions / sizeof dimensions[0];
}

/* The organisations of memberships.csv (data/README.md lists the ids). */
static const ns_org_t organisations[] = {
    {"NATO", "North Atlantic Treaty Organization"},
    {"EU", "European Union"},
    {"SCO", "Shanghai Cooperation Organisation"},
    {"CSTO", "Collective Security Treaty Organization"},
    {"BRICS", "BRICS (Brazil, Russia, India, China, South Africa and later members)"},
    {"NAM", "Non-Aligned Movement"},
    {"FiveEyes", "Five Eyes (UKUSA Agreement)"},
    {"ASEAN", "Association of Southeast Asian Nations"},
    {"AU", "African Union"},
    {"OAS", "Organization of American States"},
    {"OSCE", "Organization for Security and Co-operation in Europe"},
    {"FOC", "Freedom Online Coalition"},
};

const char *ns__data_org_name(const char *id)
{
    for (size_t i = 0; i < sizeof organisations / sizeof organisations[0]; i++) {
        if (strcmp(organisations[i].id, id) == 0) {
            return organisations[i].name;
        }
    }
    return NULL;
}
