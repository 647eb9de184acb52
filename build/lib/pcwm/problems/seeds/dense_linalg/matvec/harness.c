#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define matvec pcwm_reference_matvec
#include "reference.c"
#undef matvec
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
    int n = (argc > 1) ? atoi(argv[1]) : 512;
    if (n < 1) n = 1;
    double *A = (double *)malloc((size_t)n * n * sizeof(double));
    double *x = (double *)malloc((size_t)n * sizeof(double));
    double *yr = (double *)malloc((size_t)n * sizeof(double));
    double *yc = (double *)malloc((size_t)n * sizeof(double));
    for (long k = 0; k < (long)n * n; k++) A[k] = pcwm_unit(1, k) - 0.5;
    for (int i = 0; i < n; i++) { x[i] = pcwm_unit(2, i) * 2.0 - 1.0; yr[i] = 0.0; yc[i] = -777.0; }
    pcwm_reference_matvec(n, A, x, yr);
    matvec(n, A, x, yc);
    for (int i = 0; i < n; i++) {
        if (!pcwm_close(yr[i], yc[i], 1e-9)) {
            printf("PCWM_CHECK FAIL y[%d] = %g, expected %g\n", i, yc[i], yr[i]);
            return 1;
        }
    }
    printf("PCWM_CHECK PASS\n");
    free(A); free(x); free(yr); free(yc);
    return 0;
}
