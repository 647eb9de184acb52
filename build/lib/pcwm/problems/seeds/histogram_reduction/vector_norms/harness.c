#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <math.h>

#define vector_norms pcwm_reference_vector_norms
#include "reference.c"
#undef vector_norms
#include PCWM_CANDIDATE

static uint64_t pcwm_mix64(uint64_t x)
{
    uint64_t z = x + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static int pcwm_close(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fabs(b) + 1e-12;
}

int main(int argc, char **argv)
{
    int pcwm_n = argc > 1 ? atoi(argv[1]) : 250000;
    if (pcwm_n < 1) pcwm_n = 1;
    double *pcwm_x = malloc(sizeof(double) * pcwm_n);
    for (int i = 0; i < pcwm_n; i++) {
        double u = (double)(pcwm_mix64(99991 + (uint64_t)i) >> 11) * 0x1.0p-53;
        pcwm_x[i] = (u - 0.5) * (1.0 + (i % 17));
    }
    double pcwm_r1, pcwm_r2, pcwm_ri, pcwm_c1 = -1, pcwm_c2 = -1, pcwm_ci = -1;
    pcwm_reference_vector_norms(pcwm_n, pcwm_x, &pcwm_r1, &pcwm_r2, &pcwm_ri);
    vector_norms(pcwm_n, pcwm_x, &pcwm_c1, &pcwm_c2, &pcwm_ci);
    if (!pcwm_close(pcwm_c1, pcwm_r1)) { printf("PCWM_CHECK FAIL l1=%.15g expected %.15g\n", pcwm_c1, pcwm_r1); return 1; }
    if (!pcwm_close(pcwm_c2, pcwm_r2)) { printf("PCWM_CHECK FAIL l2=%.15g expected %.15g\n", pcwm_c2, pcwm_r2); return 1; }
    if (pcwm_ci != pcwm_ri) { printf("PCWM_CHECK FAIL linf=%.17g expected %.17g\n", pcwm_ci, pcwm_ri); return 1; }
    free(pcwm_x);
    printf("PCWM_CHECK PASS\n");
    return 0;
}
