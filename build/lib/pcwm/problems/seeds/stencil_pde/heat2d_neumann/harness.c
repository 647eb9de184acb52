#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define heat2d_neumann pcwm_reference_heat2d_neumann
#include "reference.c"
#undef heat2d_neumann
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
    int n = (argc > 1) ? atoi(argv[1]) : 192;
    if (n < 3) n = 3;
    int nx = n, ny = n, steps = 10;
    double alpha = 0.2;
    long nn = (long)nx * ny;
    double *src = (double *)malloc((size_t)nn * sizeof(double));
    double *Tr = (double *)malloc((size_t)nn * sizeof(double));
    double *Tc = (double *)malloc((size_t)nn * sizeof(double));
    for (long c = 0; c < nn; c++) {
        src[c] = (pcwm_unit(30, c) < 0.01) ? 0.5 : 0.0;   /* sparse hot spots */
        Tr[c] = Tc[c] = pcwm_unit(31, c);
    }
    double mr = pcwm_reference_heat2d_neumann(nx, ny, steps, alpha, src, Tr);
    double mc = heat2d_neumann(nx, ny, steps, alpha, src, Tc);
    for (long c = 0; c < nn; c++) {
        if (!pcwm_close(Tr[c], Tc[c], 1e-12)) {
            printf("PCWM_CHECK FAIL T[%ld] = %.15g, expected %.15g\n", c, Tc[c], Tr[c]);
            return 1;
        }
    }
    if (!pcwm_close(mr, mc, 1e-12)) {
        printf("PCWM_CHECK FAIL max = %.15g, expected %.15g\n", mc, mr);
        return 1;
    }
    printf("PCWM_CHECK PASS\n");
    free(src); free(Tr); free(Tc);
    return 0;
}
