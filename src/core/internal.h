/* Internals shared by the library's files. Not installed.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef NS_CORE_INTERNAL_H
#define NS_CORE_INTERNAL_H

#include "normsim/normsim.h"

struct ns_ctx {
    ns_allocator_t alloc;
    ns_status status;
    int line;
    int col;
    char file[512];
    char field[128];
    char msg[1024];
};

/* Hard limits: inputs beyond these are refused before any work (NS_ELIMIT). */
#define NS_MAX_LINE_BYTES ((size_t)1 << 20) /* one CSV/YAML line: 1 MiB */
#define NS_MAX_FILE_BYTES ((size_t)1 << 30) /* one input file: 1 GiB */
#define NS_MAX_ACTORS     100000            /* actors in one table or world */
#define NS_MAX_DIMS       1024              /* dimensions / issues per model call */

#define NS_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
