#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define lower_solve_multi pcwm_reference_lower_solve_multi
#include "reference.c"
#undef lower_solve_multi
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
    if (n < 1) n = 1;
    int m = 48;
    double *L = (double *)malloc((size_t)n * n * sizeof(double));
    double *Br = (double *)malloc((size_t)n * m * sizeof(double));
    double *Bc = (double *)malloc((size_t)n * m * sizeof(double));
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double v = (pcwm_unit(10, (uint64_t)i * n + j) - 0.5) / (double)n;
            if (j > i) v = 1.0e6;                 /* must be ignored */
            if (j == i) v = 1.0 + pcwm_unit(11, i);
            L[(long)i * n + j] = v;
        }
    for (long k = 0; k < (long)n * m; k++) Br[k] = Bc[k] = pcwm_unit(12, k) * 2.0 - 1.0;
    pcwm_reference_lower_solve_multi(n, m, L, Br);
    lower_solve_multi(n, m, L, Bc);
    for (long k = 0; k < (long)n * m; k++) {
        if (!pcwm_close(Br[k], Bc[k], 1e-9)) {
            printf("PCWM_CHECK FAIL X[%ld] = %g, expected %g\n", k, Bc[k], Br[k]);
            return 1;
        }
    }
    printf("PCWM_CHECK PASS\n");
    free(L); free(Br); free(Bc);
    return 0;
}
