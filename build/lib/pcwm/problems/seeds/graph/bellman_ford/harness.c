#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define bellman_ford pcwm_reference_bellman_ford
#include "reference.c"
#undef bellman_ford
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
    int n = (argc > 1) ? atoi(argv[1]) : 4000;
    if (n < 2) n = 2;
    int m = 4 * n;
    int *src = (int *)malloc((size_t)m * sizeof(int)), *dst = (int *)malloc((size_t)m * sizeof(int));
    int *w = (int *)malloc((size_t)m * sizeof(int));
    for (int e = 0; e < m; e++) {
        src[e] = (int)(pcwm_mix64(67000000u + (uint64_t)e) % (uint64_t)n);
        dst[e] = (int)(pcwm_mix64(68000000u + (uint64_t)e) % (uint64_t)n);
        w[e] = 1 + (int)(pcwm_mix64(69000000u + (uint64_t)e) % 20u);
    }
    int *dr = (int *)malloc((size_t)n * sizeof(int)), *dc = (int *)malloc((size_t)n * sizeof(int));
    for (int v = 0; v < n; v++) dc[v] = -777;
    pcwm_reference_bellman_ford(n, m, src, dst, w, 0, dr);
    bellman_ford(n, m, src, dst, w, 0, dc);
    for (int v = 0; v < n; v++)
        if (dr[v] != dc[v]) { printf("PCWM_CHECK FAIL dist[%d] = %d, expected %d\n", v, dc[v], dr[v]); return 1; }
    printf("PCWM_CHECK PASS\n");
    free(src); free(dst); free(w); free(dr); free(dc);
    return 0;
}
