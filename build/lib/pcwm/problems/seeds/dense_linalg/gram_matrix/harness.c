#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define gram_matrix pcwm_reference_gram_matrix
#include "reference.c"
#undef gram_matrix
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
    int m = (argc > 1) ? atoi(argv[1]) : 1024;
    if (m < 1) m = 1;
    int d = 32;
    double *X = (double *)malloc((size_t)m * d * sizeof(double));
    double *Gr = (double *)malloc((size_t)d * d * sizeof(double));
    double *Gc = (double *)malloc((size_t)d * d * sizeof(double));
    for (long e = 0; e < (long)m * d; e++) X[e] = pcwm_unit(16, e) * 2.0 - 1.0 + 0.1;
    for (int e = 0; e < d * d; e++) Gc[e] = -777.0;
    pcwm_reference_gram_matrix(m, d, X, Gr);
    gram_matrix(m, d, X, Gc);
    for (int e = 0; e < d * d; e++) {
        if (!pcwm_close(Gr[e], Gc[e], 1e-9)) {
            printf("PCWM_CHECK FAIL G[%d] = %g, expected %g\n", e, Gc[e], Gr[e]);
            return 1;
        }
    }
    printf("PCWM_CHECK PASS\n");
    free(X); free(Gr); free(Gc);
    return 0;
}
