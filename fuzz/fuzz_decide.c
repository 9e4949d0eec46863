/* libFuzzer target "decide": see fuzz/fuzz_targets.h for what it feeds and checks.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "fuzz_targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (ns_fuzz_decide(data, size) != 0) {
        abort(); /* A broken promise: libFuzzer saves the input as a crash. */
    }
    return 0;
}
