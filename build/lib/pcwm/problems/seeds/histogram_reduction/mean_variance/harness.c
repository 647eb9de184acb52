#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <math.h>

#define mean_variance pcwm_reference_mean_variance
#include "reference.c"
#undef mean_variance
#include PCWM_CANDIDATE

static uint64_t pcwm_mix64(uint64_t x)
{
    uint64_t z = x + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static int pcwm_close(double a, double b, double rel)
{
    return fabs(a - b) <= rel * fabs(b) + 1e-12;
}

int main(int argc, char **argv)
{
    int pcwm_n = argc > 1 ? atoi(argv[1]) : 200000;
    if (pcwm_n < 1) pcwm_n = 1;
    double *pcwm_x = malloc(sizeof(double) * pcwm_n);
    for (int i = 0; i < pcwm_n; i++) {
        double u1 = (double)(pcwm_mix64(2 * (uint64_t)i + 11) >> 11) * 0x1.0p-53;
        double u2 = (double)(pcwm_mix64(2 * (uint64_t)i + 12) >> 11) * 0x1.0p-53;
        pcwm_x[i] = 1000.0 + 3.0 * (u1 + u2 - 1.0) * 2.0 + (i % 7) * 0.125;
    }
    double pcwm_rm, pcwm_rv, pcwm_cm = NAN, pcwm_cv = NAN;
    pcwm_reference_mean_variance(pcwm_n, pcwm_x, &pcwm_rm, &pcwm_rv);
    mean_variance(pcwm_n, pcwm_x, &pcwm_cm, &pcwm_cv);
    if (!pcwm_close(pcwm_cm, pcwm_rm, 1e-9)) {
        printf("PCWM_CHECK FAIL mean=%.15g expected %.15g\n", pcwm_cm, pcwm_rm);
        return 1;
    }
    if (!pcwm_close(pcwm_cv, pcwm_rv, 1e-7)) {
        printf("PCWM_CHECK FAIL var=%.15g expected %.15g\n", pcwm_cv, pcwm_rv);
        return 1;
    }
    free(pcwm_x);
    printf("PCWM_CHECK PASS\n");
    return 0;
}
