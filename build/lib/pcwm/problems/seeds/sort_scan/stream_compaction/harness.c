#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <math.h>

#define stream_compact pcwm_reference_stream_compact
#include "reference.c"
#undef stream_compact
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
    int pcwm_n = argc > 1 ? atoi(argv[1]) : 100000;
    if (pcwm_n < 1) pcwm_n = 1;
    double *pcwm_in = malloc(sizeof(double) * pcwm_n);
    double *pcwm_ro = malloc(sizeof(double) * pcwm_n), *pcwm_co = malloc(sizeof(double) * pcwm_n);
    int *pcwm_ri = malloc(sizeof(int) * pcwm_n), *pcwm_ci = malloc(sizeof(int) * pcwm_n);
    for (int i = 0; i < pcwm_n; i++) {
        pcwm_in[i] = 20.0 * ((double)(pcwm_mix64(55 + (uint64_t)i) >> 11) * 0x1.0p-53) - 10.0;
        pcwm_co[i] = 0.0;
        pcwm_ci[i] = -1;
    }
    int pcwm_rk = pcwm_reference_stream_compact(pcwm_n, pcwm_in, pcwm_ro, pcwm_ri);
    int pcwm_ck = stream_compact(pcwm_n, pcwm_in, pcwm_co, pcwm_ci);
    if (pcwm_ck != pcwm_rk) {
        printf("PCWM_CHECK FAIL count=%d expected %d\n", pcwm_ck, pcwm_rk);
        return 1;
    }
    for (int k = 0; k < pcwm_rk; k++) {
        if (pcwm_co[k] != pcwm_ro[k] || pcwm_ci[k] != pcwm_ri[k]) {
            printf("PCWM_CHECK FAIL entry %d is (%g,%d) expected (%g,%d)\n", k, pcwm_co[k], pcwm_ci[k],
                   pcwm_ro[k], pcwm_ri[k]);
            return 1;
        }
    }
    free(pcwm_in); free(pcwm_ro); free(pcwm_co); free(pcwm_ri); free(pcwm_ci);
    printf("PCWM_CHECK PASS\n");
    return 0;
}
