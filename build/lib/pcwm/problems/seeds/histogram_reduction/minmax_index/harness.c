#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

#define minmax_index pcwm_reference_minmax_index
#include "reference.c"
#undef minmax_index
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
    double *pcwm_x = malloc(sizeof(double) * pcwm_n);
    for (int i = 0; i < pcwm_n; i++) {
        /* quantised values so that the extreme values repeat many times */
        int q = (int)(pcwm_mix64(31 + (uint64_t)i) % 5000);
        pcwm_x[i] = (q - 2500) * 0.25;
    }
    double pcwm_rmin, pcwm_rmax, pcwm_cmin = 0, pcwm_cmax = 0;
    int pcwm_rimin, pcwm_rimax, pcwm_cimin = -1, pcwm_cimax = -1;
    pcwm_reference_minmax_index(pcwm_n, pcwm_x, &pcwm_rmin, &pcwm_rimin, &pcwm_rmax, &pcwm_rimax);
    minmax_index(pcwm_n, pcwm_x, &pcwm_cmin, &pcwm_cimin, &pcwm_cmax, &pcwm_cimax);
    if (pcwm_cmin != pcwm_rmin || pcwm_cimin != pcwm_rimin) {
        printf("PCWM_CHECK FAIL min (%g@%d) expected (%g@%d)\n", pcwm_cmin, pcwm_cimin, pcwm_rmin, pcwm_rimin);
        return 1;
    }
    if (pcwm_cmax != pcwm_rmax || pcwm_cimax != pcwm_rimax) {
        printf("PCWM_CHECK FAIL max (%g@%d) expected (%g@%d)\n", pcwm_cmax, pcwm_cimax, pcwm_rmax, pcwm_rimax);
        return 1;
    }
    free(pcwm_x);
    printf("PCWM_CHECK PASS\n");
    return 0;
}
