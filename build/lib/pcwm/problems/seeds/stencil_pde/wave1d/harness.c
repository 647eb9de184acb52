#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define wave1d pcwm_reference_wave1d
#include "reference.c"
#undef wave1d
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
    int n = (argc > 1) ? atoi(argv[1]) : 16384;
    if (n < 3) n = 3;
    int steps = 24;
    double c2 = 0.81;
    double *pr = (double *)malloc((size_t)n * sizeof(double)), *cr = (double *)malloc((size_t)n * sizeof(double));
    double *pc = (double *)malloc((size_t)n * sizeof(double)), *cc = (double *)malloc((size_t)n * sizeof(double));
    for (int i = 0; i < n; i++) {
        double x = (double)i / (n - 1);
        double v = sin(3.14159265358979 * 7.0 * x) + 0.05 * pcwm_unit(26, i);
        if (i == 0 || i == n - 1) v = 0.0;
        pr[i] = pc[i] = v;
        cr[i] = cc[i] = (i == 0 || i == n - 1) ? 0.0 : v * 0.999 + 0.01 * pcwm_unit(27, i);
    }
    pcwm_reference_wave1d(n, steps, c2, pr, cr);
    wave1d(n, steps, c2, pc, cc);
    for (int i = 0; i < n; i++) {
        if (!pcwm_close(pr[i], pc[i], 1e-12) || !pcwm_close(cr[i], cc[i], 1e-12)) {
            printf("PCWM_CHECK FAIL level mismatch at %d: (%g, %g) expected (%g, %g)\n", i, pc[i], cc[i], pr[i], cr[i]);
            return 1;
        }
    }
    printf("PCWM_CHECK PASS\n");
    free(pr); free(cr); free(pc); free(cc);
    return 0;
}
