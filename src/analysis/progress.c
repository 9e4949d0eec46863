/* Progress lines for long runs. The library formats; the command line prints.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* "1:02:03", "2:03" or "--:--" when unknown. */
static void format_duration(double seconds, char *buf, size_t size)
{
    if (!isfinite(seconds) || seconds < 0 || seconds > 3.6e7) {
        snprintf(buf, size, "--:--");
        return;
    }
    unsigned long s = (unsigned long)(seconds + 0.5);
    if (s >= 3600) {
        snprintf(buf, size, "%lu:%02lu:%02lu", s / 3600, s / 60 % 60, s % 60);
    } else {
        snprintf(buf, size, "%lu:%02lu", s / 60, s % 60);
    }
}

char *ns_progress_format(const ns_progress_t *p, int bar_width, char *buf, size_t size)
{
    if (size == 0) {
        return buf;
    }
    double fraction = p->total > 0 ? (double)p->done / (double)p->total : 1.0;
    if (fraction > 1) {
        fraction = 1;
    }
    char eta[32];
    format_duration(p->eta, eta, sizeof eta);
    char bar[256];
    bar[0] = '\0';
    if (bar_width > 0) {
        int width = bar_width < (int)sizeof bar - 3 ? bar_width : (int)sizeof bar - 3;
        int filled = (int)(fraction * width);
        bar[0] = '[';
        for (int i = 0; i < width; i++) {
            bar[1 + i] = i < filled ? '#' : '.';
        }
        bar[1 + width] = ']';
        bar[2 + width] = '\0';
    }
    snprintf(buf, size, "%s%s%5.1f%%  %llu/%llu  %.0f/s  eta %s", bar, bar_width > 0 ? "  " : "",
             100.0 * fraction, (unsigned long long)p->done, (unsigned long long)p->total,
             isfinite(p->rate) ? p->rate : 0.0, eta);
    return buf;
}
