#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#define odd_even_sort pcwm_reference_odd_even_sort
#include "reference.c"
#undef odd_even_sort
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
    int pcwm_n = argc > 1 ? atoi(argv[1]) : 1536;
    if (pcwm_n < 1) pcwm_n = 1;
    int *pcwm_ref = malloc(sizeof(int) * pcwm_n);
    int *pcwm_a = malloc(sizeof(int) * pcwm_n);
    for (int i = 0; i < pcwm_n; i++) {
        /* mostly random, with a reversed tail and some duplicates */
        if (i < pcwm_n / 2)
            pcwm_ref[i] = (int)(pcwm_mix64(5 + (uint64_t)i) % 100000) - 50000;
        else
            pcwm_ref[i] = (pcwm_n - i) * 37 % 50021 - 25000;
    }
    memcpy(pcwm_a, pcwm_ref, sizeof(int) * pcwm_n);
    pcwm_reference_odd_even_sort(pcwm_n, pcwm_ref);
    odd_even_sort(pcwm_n, pcwm_a);
    for (int i = 0; i < pcwm_n; i++) {
        if (pcwm_a[i] != pcwm_ref[i]) {
            printf("PCWM_CHECK FAIL a[%d]=%d expected %d\n", i, pcwm_a[i], pcwm_ref[i]);
            return 1;
        }
    }
    free(pcwm_ref); free(pcwm_a);
    printf("PCWM_CHECK PASS\n");
    return 0;
}
