/* Counter-based random numbers: Random123's Philox4x32-10 (Salmon et al., "Parallel
 * random numbers: as easy as 1, 2, 3", SC 2011). The key is the seed; the counter holds
 * the stream ids and a draw index, so any (seed, stream, draw) is computed directly and
 * results do not depend on thread or process count.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/internal.h"

#include <math.h>

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#endif
#include <Random123/philox.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

void ns_rng_init(ns_rng_t *rng, uint64_t seed, uint32_t a, uint32_t b, uint32_t c)
{
    rng->key[0] = (uint32_t)seed;
    rng->key[1] = (uint32_t)(seed >> 32);
    rng->ctr[0] = 0; /* draw index */
    rng->ctr[1] = a;
    rng->ctr[2] = b;
    rng->ctr[3] = c;
    rng->left = 0;
}

static void refill(ns_rng_t *rng)
{
    philox4x32_ctr_t ctr = {{rng->ctr[0], rng->ctr[1], rng->ctr[2], rng->ctr[3]}};
    philox4x32_key_t key = {{rng->key[0], rng->key[1]}};
    philox4x32_ctr_t out = philox4x32(ctr, key);
    for (int i = 0; i < 4; i++) {
        rng->buf[i] = out.v[i];
    }
    rng->left = 4;
    rng->ctr[0]++;
}

uint32_t ns_rng_u32(ns_rng_t *rng)
{
    if (rng->left == 0) {
        refill(rng);
    }
    return rng->buf[4 - rng->left--];
}

uint64_t ns_rng_u64(ns_rng_t *rng)
{
    uint64_t hi = ns_rng_u32(rng);
    uint64_t lo = ns_rng_u32(rng);
    return (hi << 32) | lo;
}

double ns_rng_uniform(ns_rng_t *rng)
{
    return (double)(ns_rng_u64(rng) >> 11) * 0x1.0p-53;
}

double ns_rng_normal(ns_rng_t *rng)
{
    double u1 = 1.0 - ns_rng_uniform(rng); /* (0, 1] so the log is finite */
    double u2 = ns_rng_uniform(rng);
    return sqrt(-2.0 * log(u1)) * cos(2.0 * 3.14159265358979323846 * u2);
}

uint32_t ns_rng_below(ns_rng_t *rng, uint32_t n)
{
    /* Lemire's rejection: unbiased for every n. */
    uint64_t m = (uint64_t)ns_rng_u32(rng) * n;
    uint32_t low = (uint32_t)m;
    if (low < n) {
        uint32_t threshold = (uint32_t)(-n) % n;
        while (low < threshold) {
            m = (uint64_t)ns_rng_u32(rng) * n;
            low = (uint32_t)m;
        }
    }
    return (uint32_t)(m >> 32);
}
