#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

#define prefix_sum_inclusive pcwm_reference_prefix_sum_inclusive
#include "reference.c"
#undef prefix_sum_inclusive
#include PCWM_CANDIDATE

static uint64_t pcwm_mix64(uint64_t x)
{
    uint64_t z = x + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

int main(int argc, char **argv)
{
    int pcwm_n = argc > 1 ? atoi(argv[1]) : 200000;
    if (pcwm_n < 1) pcwm_n = 1;
    long long *pcwm_in = malloc(sizeof(long long) * pcwm_n);
    long long *pcwm_ref = malloc(sizeof(long long) * pcwm_n);
    long long *pcwm_out = malloc(sizeof(long long) * pcwm_n);
    for (int i = 0; i < pcwm_n; i++) {
        pcwm_in[i] = (long long)(pcwm_mix64(1000 + (uint64_t)i) % 2001) - 1000;
        pcwm_out[i] = 0x5A5A5A5ALL;
    }
    pcwm_reference_prefix_sum_inclusive(pcwm_n, pcwm_in, pcwm_ref);
    prefix_sum_inclusive(pcwm_n, pcwm_in, pcwm_out);
    for (int i = 0; i < pcwm_n; i++) {
        if (pcwm_out[i] != pcwm_ref[i]) {
            printf("PCWM_CHECK FAIL out[%d]=%lld expected %lld\n", i, pcwm_out[i], pcwm_ref[i]);
            return 1;
        }
    }
    free(pcwm_in); free(pcwm_ref); free(pcwm_out);
    printf("PCWM_CHECK PASS\n");
    return 0;
}
