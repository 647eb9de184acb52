#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define jacobi1d pcwm_reference_jacobi1d
#include "reference.c"
#undef jacobi1d
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
    int n = (argc > 1) ? atoi(argv[1]) : 20000;
    if (n < 3) n = 3;
    int steps = 20;
    double *ur = (double *)malloc((size_t)n * sizeof(double));
    double *uc = (double *)malloc((size_t)n * sizeof(double));
    for (int i = 0; i < n; i++) ur[i] = uc[i] = pcwm_unit(20, i) * 10.0 + sin(0.01 * i);
    pcwm_reference_jacobi1d(n, steps, ur);
    jacobi1d(n, steps, uc);
    for (int i = 0; i < n; i++) {
        if (!pcwm_close(ur[i], uc[i], 1e-12)) {
            printf("PCWM_CHECK FAIL u[%d] = %.15g, expected %.15g\n", i, uc[i], ur[i]);
            return 1;
        }
    }
    printf("PCWM_CHECK PASS\n");
    free(ur); free(uc);
    return 0;
}
