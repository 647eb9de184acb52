#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#define bitonic_sort pcwm_reference_bitonic_sort
#include "reference.c"
#undef bitonic_sort
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
    int pcwm_arg = argc > 1 ? atoi(argv[1]) : 16384;
    int pcwm_n = 2;
    while (pcwm_n * 2 <= pcwm_arg)
        pcwm_n *= 2;
    float *pcwm_ref = malloc(sizeof(float) * pcwm_n), *pcwm_a = malloc(sizeof(float) * pcwm_n);
    for (int i = 0; i < pcwm_n; i++)
        pcwm_ref[i] = (float)((int64_t)(pcwm_mix64(606 + (uint64_t)i) % 2000001) - 1000000) * 0.001f;
    memcpy(pcwm_a, pcwm_ref, sizeof(float) * pcwm_n);
    pcwm_reference_bitonic_sort(pcwm_n, pcwm_ref);
    bitonic_sort(pcwm_n, pcwm_a);
    for (int i = 0; i < pcwm_n; i++) {
        if (pcwm_a[i] != pcwm_ref[i] || (i > 0 && pcwm_ref[i - 1] > pcwm_ref[i])) {
            printf("PCWM_CHECK FAIL a[%d]=%g expected %g\n", i, pcwm_a[i], pcwm_ref[i]);
            return 1;
        }
    }
    free(pcwm_ref); free(pcwm_a);
    printf("PCWM_CHECK PASS\n");
    return 0;
}
