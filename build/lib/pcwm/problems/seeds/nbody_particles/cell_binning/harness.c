#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define cell_binning pcwm_reference_cell_binning
#include "reference.c"
#undef cell_binning
#include PCWM_CANDIDATE

static uint64_t pcwm_mix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}
static double pcwm_unit(uint64_t i) { return (double)(pcwm_mix(i) >> 11) * (1.0 / 9007199254740992.0); }

static int pcwm_cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 30000;
    if (n < 1) n = 1;
    int nc = 32, ncell = nc * nc;
    double box = 10.0;
    double *x = malloc(sizeof(double) * n), *y = malloc(sizeof(double) * n);
    for (int i = 0; i < n; i++) {
        x[i] = box * pcwm_unit(11 + 2 * (uint64_t)i);
        y[i] = box * pcwm_unit(12 + 2 * (uint64_t)i);
    }
    int *rs = malloc(sizeof(int) * (ncell + 1)), *ri = malloc(sizeof(int) * n);
    int *cs = malloc(sizeof(int) * (ncell + 1)), *ci = malloc(sizeof(int) * n);
    memset(cs, 0xff, sizeof(int) * (ncell + 1));
    memset(ci, 0xff, sizeof(int) * n);
    pcwm_reference_cell_binning(n, x, y, box, nc, rs, ri);
    cell_binning(n, x, y, box, nc, cs, ci);
    for (int c = 0; c <= ncell; c++) {
        if (cs[c] != rs[c]) {
            printf("PCWM_CHECK FAIL cell_start[%d] = %d, expected %d\n", c, cs[c], rs[c]);
            return 1;
        }
    }
    for (int c = 0; c < ncell; c++) {
        qsort(ri + rs[c], rs[c + 1] - rs[c], sizeof(int), pcwm_cmp_int);
        qsort(ci + rs[c], rs[c + 1] - rs[c], sizeof(int), pcwm_cmp_int);
    }
    for (int i = 0; i < n; i++) {
        if (ci[i] != ri[i]) {
            printf("PCWM_CHECK FAIL cell_index mismatch at %d (%d vs %d)\n", i, ci[i], ri[i]);
            return 1;
        }
    }
    free(x); free(y); free(rs); free(ri); free(cs); free(ci);
    printf("PCWM_CHECK PASS\n");
    return 0;
}
