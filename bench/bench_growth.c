/* Growth of the time per round with the number of actors, n = 25 .. 400, for every
 * model that exists (found by name; those absent are skipped), with the exponent of
 * a least-squares fit of log(time) on log(n). The expected-utility model must grow no
 * faster than n^2.2. One issue for the spatial models, 13 for the exchange model, run as
 * variant=single (one exchange per issue per round): Decide's variant (the default)
 * carries out every valid exchange of a round and costs the square of the candidates,
 * hours at 400 actors; bench_exchange measures it at the anchors' sizes.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "bench_common.h"

#include <math.h>
#include <string.h>

int main(void)
{
    ns_ctx_t *ctx = NULL;
    if (ns_ctx_new(NULL, &ctx) != NS_OK) {
        return 1;
    }
    const char *names[] = {"eum", "exchange", "compromise", "median", "nash", "winset"};
    const size_t sizes[] = {25, 50, 100, 200, 400};
    enum { NS = 5 };
    printf("%-11s", "model");
    for (size_t k = 0; k < NS; k++) {
        printf(" %9s%-3zu", "n=", sizes[k]);
    }
    printf(" %9s\n", "exponent");
    int status = 0;
    for (size_t m = 0; m < sizeof names / sizeof names[0]; m++) {
        const ns_model_type_t *model = NULL;
        if (ns_model_find(ctx, names[m], &model) != NS_OK) {
            printf("%-11s (not built: skipped)\n", names[m]);
            ns_ctx_clear_error(ctx);
            continue;
        }
        bool exchange = strcmp(names[m], "exchange") == 0;
        size_t issues = exchange ? 13 : 1;
        ns_params_t *params = NULL;
        if (exchange && (ns_params_new(ctx, &params) != NS_OK ||
                         ns_params_set(params, "variant", "single") != NS_OK)) {
            ns_params_free(params);
            ns_ctx_free(ctx);
            return 1;
        }
        double lx[NS], ly[NS];
        printf("%-11s", names[m]);
        bool ok = true;
        for (size_t k = 0; k < NS; k++) {
            ns_table_t *t = bench_table(ctx, issues, sizes[k], 7);
            int rounds = 0;
            ns_run_options_t opts = {42, 10, NULL, NULL};
            ns_forecast_t *f = NULL;
            if (ns_forecast(ctx, model, t, params, &opts, &f) != NS_OK) {
                printf("  failed: %s\n", ns_ctx_errmsg(ctx));
                ns_ctx_clear_error(ctx);
                ns_table_free(ctx, t);
                ok = false;
                break;
            }
            ns_forecast_free(ctx, f);
            double s = bench_per_round_with(ctx, model, t, params, 10, 3, &rounds);
            lx[k] = log((double)sizes[k]);
            ly[k] = log(s);
            printf(" %9.3f ms", 1e3 * s);
            fflush(stdout);
            ns_table_free(ctx, t);
        }
        ns_params_free(params);
        if (!ok) {
            continue;
        }
        double mx = 0, my = 0, sxy = 0, sxx = 0;
        for (size_t k = 0; k < NS; k++) {
            mx += lx[k] / NS;
            my += ly[k] / NS;
        }
        for (size_t k = 0; k < NS; k++) {
            sxy += (lx[k] - mx) * (ly[k] - my);
            sxx += (lx[k] - mx) * (lx[k] - mx);
        }
        double slope = sxy / sxx;
        printf(" %9.2f\n", slope);
        if (strcmp(names[m], "eum") == 0 && slope > 2.2) {
            printf("eum grows as n^%.2f, faster than the n^2.2 allowed\n", slope);
            status = 1;
        }
    }
    ns_ctx_free(ctx);
    return status;
}
