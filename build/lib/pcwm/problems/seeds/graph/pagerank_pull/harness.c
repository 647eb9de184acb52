#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define pagerank_pull pcwm_reference_pagerank_pull
#include "reference.c"
#undef pagerank_pull
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
    int n = (argc > 1) ? atoi(argv[1]) : 12000;
    if (n < 2) n = 2;
    int iters = 10;
    double damping = 0.85;
    /* directed edges: vertices with v % 17 == 3 are dangling (no out-edges) */
    long m = 8L * n;
    int *es = (int *)malloc((size_t)m * sizeof(int)), *ed = (int *)malloc((size_t)m * sizeof(int));
    int *outdeg = (int *)calloc((size_t)n, sizeof(int)), *inptr = (int *)calloc((size_t)n + 1, sizeof(int));
    long k = 0;
    for (long e = 0; e < m; e++) {
        int u = (int)(pcwm_mix64(63000000u + (uint64_t)e) % (uint64_t)n);
        uint64_t r = pcwm_mix64(64000000u + (uint64_t)e);
        int v = (r % 4u == 0) ? (int)((r >> 4) % 64u) % n : (int)((r >> 4) % (uint64_t)n);
        if (u % 17 == 3 || u == v) continue;
        es[k] = u; ed[k] = v; k++;
        outdeg[u]++; inptr[v + 1]++;
    }
    for (int v = 0; v < n; v++) inptr[v + 1] += inptr[v];
    int *fill = (int *)malloc((size_t)n * sizeof(int)), *insrc = (int *)malloc((size_t)(k > 0 ? k : 1) * sizeof(int));
    for (int v = 0; v < n; v++) fill[v] = inptr[v];
    for (long e = 0; e < k; e++) insrc[fill[ed[e]]++] = es[e];
    double *prr = (double *)malloc((size_t)n * sizeof(double)), *prc = (double *)malloc((size_t)n * sizeof(double));
    for (int v = 0; v < n; v++) prc[v] = -777.0;
    pcwm_reference_pagerank_pull(n, inptr, insrc, outdeg, iters, damping, prr);
    pagerank_pull(n, inptr, insrc, outdeg, iters, damping, prc);
    for (int v = 0; v < n; v++)
        if (!pcwm_close(prr[v] * n, prc[v] * n, 1e-9)) { printf("PCWM_CHECK FAIL pr[%d] = %.15g, expected %.15g\n", v, prc[v], prr[v]); return 1; }
    printf("PCWM_CHECK PASS\n");
    free(es); free(ed); free(outdeg); free(inptr); free(fill); free(insrc); free(prr); free(prc);
    return 0;
}
