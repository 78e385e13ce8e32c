/*
 * libfuzzer_main.c - libFuzzer entry point; compiled once per target with
 * -DKP_FUZZ_FN=kp_fuzz_<target> (see fuzz/build.sh).
 */
#include "targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return KP_FUZZ_FN(data, size);
}
