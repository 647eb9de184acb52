#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define direct_forces pcwm_reference_direct_forces
#include "reference.c"
#undef direct_forces
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
    int n = argc > 1 ? atoi(argv[1]) : 384;
    if (n < 2) n = 2;
    double *pos = malloc(sizeof(double) * 3 * n);
    double *mass = malloc(sizeof(double) * n);
    double *ref = malloc(sizeof(double) * 3 * n);
    double *got = malloc(sizeof(double) * 3 * n);
    for (int i = 0; i < 3 * n; i++) pos[i] = pcwm_unit(1000 + i);
    for (int i = 0; i < n; i++) mass[i] = 0.5 + pcwm_unit(500000 + i);
    for (int i = 0; i < 3 * n; i++) got[i] = 12345.0;
    double eps2 = 1e-3;
    pcwm_reference_direct_forces(n, pos, mass, eps2, ref);
    direct_forces(n, pos, mass, eps2, got);
    double scale = 0.0;
    for (int i = 0; i < 3 * n; i++) if (fabs(ref[i]) > scale) scale = fabs(ref[i]);
    for (int i = 0; i < 3 * n; i++) {
        if (!(fabs(got[i] - ref[i]) <= 1e-9 * scale)) {
            printf("PCWM_CHECK FAIL acc[%d] = %g, expected %g\n", i, got[i], ref[i]);
            return 1;
        }
    }
    free(pos); free(mass); free(ref); free(got);
    printf("PCWM_CHECK PASS\n");
    return 0;
}
