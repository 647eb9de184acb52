#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <math.h>

#define dot_product pcwm_reference_dot_product
#include "reference.c"
#undef dot_product
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
    int pcwm_n = argc > 1 ? atoi(argv[1]) : 300000;
    if (pcwm_n < 1) pcwm_n = 1;
    double *pcwm_x = malloc(sizeof(double) * pcwm_n), *pcwm_y = malloc(sizeof(double) * pcwm_n);
    for (int i = 0; i < pcwm_n; i++) {
        pcwm_x[i] = (double)(pcwm_mix64(3 * (uint64_t)i) >> 11) * 0x1.0p-53 + 0.5;
        pcwm_y[i] = (double)(pcwm_mix64(3 * (uint64_t)i + 1) >> 11) * 0x1.0p-53 - 0.25;
    }
    double pcwm_r = pcwm_reference_dot_product(pcwm_n, pcwm_x, pcwm_y);
    double pcwm_c = dot_product(pcwm_n, pcwm_x, pcwm_y);
    if (!(fabs(pcwm_c - pcwm_r) <= 1e-9 * fabs(pcwm_r) + 1e-9)) {
        printf("PCWM_CHECK FAIL dot=%.15g expected %.15g\n", pcwm_c, pcwm_r);
        return 1;
    }
    free(pcwm_x); free(pcwm_y);
    printf("PCWM_CHECK PASS\n");
    return 0;
}
