#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define disc_collisions pcwm_reference_disc_collisions
#include "reference.c"
#undef disc_collisions
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
    int n = argc > 1 ? atoi(argv[1]) : 1200;
    if (n < 2) n = 2;
    double *x = malloc(sizeof(double) * n), *y = malloc(sizeof(double) * n), *r = malloc(sizeof(double) * n);
    for (int i = 0; i < n; i++) {
        x[i] = 100.0 * pcwm_unit(100 + 3 * (uint64_t)i);
        y[i] = 100.0 * pcwm_unit(101 + 3 * (uint64_t)i);
        r[i] = 0.5 + 2.0 * pcwm_unit(102 + 3 * (uint64_t)i);
    }
    int *cr = malloc(sizeof(int) * n), *cc = malloc(sizeof(int) * n);
    for (int i = 0; i < n; i++) cc[i] = -7;
    long pr = pcwm_reference_disc_collisions(n, x, y, r, cr);
    long pc = disc_collisions(n, x, y, r, cc);
    if (pc != pr) {
        printf("PCWM_CHECK FAIL pairs %ld, expected %ld\n", pc, pr);
        return 1;
    }
    for (int i = 0; i < n; i++) {
        if (cc[i] != cr[i]) {
            printf("PCWM_CHECK FAIL contacts[%d] = %d, expected %d\n", i, cc[i], cr[i]);
            return 1;
        }
    }
    free(x); free(y); free(r); free(cr); free(cc);
    printf("PCWM_CHECK PASS\n");
    return 0;
}
