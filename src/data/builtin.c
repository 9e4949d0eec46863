/* Lookup of one embedded data file by name (the table itself is generated at build time
 * by tools/embed.c from the CSV files of data/).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "normsim/data.h"

#include <string.h>

const ns_data_file_t *ns_data_builtin_file(const char *name)
{
    size_t n = 0;
    const ns_data_file_t *files = ns_data_builtin_files(&n);
    /* Fifteen files: a linear search is as fast as anything else. */
    for (size_t i = 0; name != NULL && i < n; i++) {
        if (strcmp(files[i].name, name) == 0) {
            return &files[i];
        }
    }
    return NULL;
}
