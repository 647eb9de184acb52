#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define symmetrize pcwm_reference_symmetrize
#include "reference.c"
#undef symmetrize
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
    long nn = (long)n * n;
    double *Ar = (double *)malloc((size_t)nn * sizeof(double));
    double *Ac = (double *)malloc((size_t)nn * sizeof(double));
    for (long k = 0; k < nn; k++) Ar[k] = Ac[k] = pcwm_unit(5, k) * 4.0 - 2.0;
    pcwm_reference_symmetrize(n, Ar);
    symmetrize(n, Ac);
    for (long k = 0; k < nn; k++) {
        if (!pcwm_close(Ar[k], Ac[k], 1e-12)) {
            printf("PCWM_CHECK FAIL A[%ld] = %g, expected %g\n", k, Ac[k], Ar[k]);
            return 1;
        }
    }
    printf("PCWM_CHECK PASS\n");
    free(Ar); free(Ac);
    return 0;
}
