#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define edge_degrees pcwm_reference_edge_degrees
#include "reference.c"
#undef edge_degrees
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
    if (n < 1) n = 1;
    int m = 8 * n;
    int *src = (int *)malloc((size_t)m * sizeof(int)), *dst = (int *)malloc((size_t)m * sizeof(int));
    for (int e = 0; e < m; e++) {
        uint64_t a = pcwm_mix64(61000000u + (uint64_t)e), b = pcwm_mix64(62000000u + (uint64_t)e);
        src[e] = (a % 5u == 0) ? (int)(a % 16u) % n : (int)((a >> 8) % (uint64_t)n);   /* hubs 0..15 */
        dst[e] = (int)(b % (uint64_t)n);
    }
    int *dr = (int *)malloc((size_t)n * sizeof(int)), *dc = (int *)malloc((size_t)n * sizeof(int));
    for (int v = 0; v < n; v++) dc[v] = -777;
    int mr = pcwm_reference_edge_degrees(n, m, src, dst, dr);
    int mc = edge_degrees(n, m, src, dst, dc);
    for (int v = 0; v < n; v++)
        if (dr[v] != dc[v]) { printf("PCWM_CHECK FAIL deg[%d] = %d, expected %d\n", v, dc[v], dr[v]); return 1; }
    if (mr != mc) { printf("PCWM_CHECK FAIL max degree = %d, expected %d\n", mc, mr); return 1; }
    printf("PCWM_CHECK PASS\n");
    free(src); free(dst); free(dr); free(dc);
    return 0;
}
