#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define pic_charge_deposit pcwm_reference_pic_charge_deposit
#include "reference.c"
#undef pic_charge_deposit
#include PCWM_CANDIDATE

static uint64_t pcwm_mix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}
static double pcwm_unit(uint64_t i) { return (double)(pcwm_mix(i) >> 11) * (1.0 / 9007199254740992.0); }

int main(int argc, char **argv)
{
    int np = argc > 1 ? atoi(argv[1]) : 60000;
    if (np < 1) np = 1;
    int ng = 256;
    double dx = 0.1, len = ng * dx;
    double *xp = malloc(sizeof(double) * np), *qp = malloc(sizeof(double) * np);
    for (int p = 0; p < np; p++) {
        double u = pcwm_unit(31 + (uint64_t)p);
        double x = (p % 2) ? len * u : len * (0.3 + 0.1 * u * u); /* half uniform, half clustered */
        xp[p] = x < len ? x : 0.0;
        qp[p] = (p % 3 == 0 ? -1.0 : 1.0) * (0.5 + pcwm_unit(7777777 + (uint64_t)p));
    }
    double *rr = malloc(sizeof(double) * ng), *rc = malloc(sizeof(double) * ng);
    for (int g = 0; g < ng; g++) rc[g] = 1e300;
    pcwm_reference_pic_charge_deposit(np, xp, qp, ng, dx, rr);
    pic_charge_deposit(np, xp, qp, ng, dx, rc);
    double scale = 1e-12;
    for (int g = 0; g < ng; g++) if (fabs(rr[g]) > scale) scale = fabs(rr[g]);
    for (int g = 0; g < ng; g++) {
        if (!(fabs(rc[g] - rr[g]) <= 1e-9 * scale)) {
            printf("PCWM_CHECK FAIL rho[%d] = %.10g, expected %.10g\n", g, rc[g], rr[g]);
            return 1;
        }
    }
    free(xp); free(qp); free(rr); free(rc);
    printf("PCWM_CHECK PASS\n");
    return 0;
}
