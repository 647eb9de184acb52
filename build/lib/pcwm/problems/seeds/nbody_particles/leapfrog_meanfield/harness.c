#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define leapfrog_meanfield pcwm_reference_leapfrog_meanfield
#include "reference.c"
#undef leapfrog_meanfield
#include PCWM_CANDIDATE

static uint64_t pcwm_mix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}
static double pcwm_unit(uint64_t i) { return (double)(pcwm_mix(i) >> 11) * (1.0 / 9007199254740992.0); }

static int pcwm_close(double a, double b, double scale)
{
    return fabs(a - b) <= 1e-9 * (fabs(b) > scale ? fabs(b) : scale);
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 3000;
    if (n < 1) n = 1;
    int steps = 16;
    double dt = 0.01, k = 2.0;
    size_t m = (size_t)3 * n;
    double *x0 = malloc(sizeof(double) * m), *v0 = malloc(sizeof(double) * m);
    double *xr = malloc(sizeof(double) * m), *vr = malloc(sizeof(double) * m);
    double *xc = malloc(sizeof(double) * m), *vc = malloc(sizeof(double) * m);
    for (size_t i = 0; i < m; i++) {
        x0[i] = 2.0 * pcwm_unit(7 + i) - 1.0 + (i % 3 == 0 ? 0.3 : 0.0);
        v0[i] = pcwm_unit(900000 + i) - 0.5;
    }
    memcpy(xr, x0, sizeof(double) * m); memcpy(vr, v0, sizeof(double) * m);
    memcpy(xc, x0, sizeof(double) * m); memcpy(vc, v0, sizeof(double) * m);
    double er = pcwm_reference_leapfrog_meanfield(n, steps, dt, k, xr, vr);
    double ec = leapfrog_meanfield(n, steps, dt, k, xc, vc);
    if (!pcwm_close(ec, er, 1e-12)) {
        printf("PCWM_CHECK FAIL energy %.12g, expected %.12g\n", ec, er);
        return 1;
    }
    for (size_t i = 0; i < m; i++) {
        if (!pcwm_close(xc[i], xr[i], 1.0) || !pcwm_close(vc[i], vr[i], 1.0)) {
            printf("PCWM_CHECK FAIL state[%zu] x=%g v=%g expected x=%g v=%g\n", i, xc[i], vc[i], xr[i], vr[i]);
            return 1;
        }
    }
    free(x0); free(v0); free(xr); free(vr); free(xc); free(vc);
    printf("PCWM_CHECK PASS\n");
    return 0;
}
