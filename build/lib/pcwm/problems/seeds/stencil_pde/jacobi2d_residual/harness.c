#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define jacobi2d_residual pcwm_reference_jacobi2d_residual
#include "reference.c"
#undef jacobi2d_residual
#include PCWM_CANDIDATE

static uint64_t pcwm_mix64(uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}
/* deterministic uniform double in [0,1) from a stream id and an index */
static double pcwm_unit(uint64_t stream, uint64_t i) {
    return (double)(pcwm_mix64(stream * 0x100000001B3ULL + i) >> 11) * (1.0 / 9007199254740992.0);
}
static int pcwm_close(double a, double b, double rtol) {
    double d = fabs(a - b), s = fmax(fabs(a), fabs(b));
    return d <= rtol * (s > 1.0 ? s : 1.0);
}
int main(int argc, char **argv) {
    int n = (argc > 1) ? atoi(argv[1]) : 160;
    if (n < 3) n = 3;
    int iters = 12;
    long nn = (long)n * n;
    double *ur = (double *)malloc((size_t)nn * sizeof(double));
    double *uc = (double *)malloc((size_t)nn * sizeof(double));
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double v = pcwm_unit(21, (uint64_t)i * n + j);
            if (i == 0) v = 4.0;                      /* hot top edge */
            if (j == n - 1) v = 2.0 + pcwm_unit(22, i);
            ur[(long)i * n + j] = uc[(long)i * n + j] = v;
        }
    double dr = pcwm_reference_jacobi2d_residual(n, iters, ur);
    double dc = jacobi2d_residual(n, iters, uc);
    for (long k = 0; k < nn; k++) {
        if (!pcwm_close(ur[k], uc[k], 1e-12)) {
            printf("PCWM_CHECK FAIL u[%ld] = %.15g, expected %.15g\n", k, uc[k], ur[k]);
            return 1;
        }
    }
    if (!pcwm_close(dr, dc, 1e-12)) {
        printf("PCWM_CHECK FAIL residual = %.15g, expected %.15g\n", dc, dr);
        return 1;
    }
    printf("PCWM_CHECK PASS\n");
    free(ur); free(uc);
    return 0;
}
