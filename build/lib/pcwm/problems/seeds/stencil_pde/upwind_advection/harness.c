#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define upwind_advection pcwm_reference_upwind_advection
#include "reference.c"
#undef upwind_advection
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
    if (n < 2) n = 2;
    int steps = 20;
    double cfl = 0.6;
    double *qr = (double *)malloc((size_t)n * sizeof(double));
    double *qc = (double *)malloc((size_t)n * sizeof(double));
    for (int i = 0; i < n; i++) {
        double v = ((i / 97) % 3 == 0) ? 1.0 : 0.0;   /* square pulses */
        qr[i] = qc[i] = v + 0.2 * pcwm_unit(28, i);
    }
    double mr = pcwm_reference_upwind_advection(n, steps, cfl, qr);
    double mc = upwind_advection(n, steps, cfl, qc);
    for (int i = 0; i < n; i++) {
        if (!pcwm_close(qr[i], qc[i], 1e-12)) {
            printf("PCWM_CHECK FAIL q[%d] = %.15g, expected %.15g\n", i, qc[i], qr[i]);
            return 1;
        }
    }
    if (!pcwm_close(mr, mc, 1e-9)) {
        printf("PCWM_CHECK FAIL mass = %.12g, expected %.12g\n", mc, mr);
        return 1;
    }
    printf("PCWM_CHECK PASS\n");
    free(qr); free(qc);
    return 0;
}
