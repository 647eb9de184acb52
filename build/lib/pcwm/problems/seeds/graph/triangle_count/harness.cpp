#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>
using std::fabs;
using std::fmax;

#define triangle_count pcwm_reference_triangle_count
#include "reference.cpp"
#undef triangle_count
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
/* Builds a simple undirected graph in CSR form (symmetric, sorted adjacency, no self loops, no duplicates).
   Vertices are split into nclusters contiguous clusters and edges only join vertices of the same cluster. */
static void pcwm_build_graph(int n, int avgdeg, int nclusters, uint64_t stream, int **rp_out, int **adj_out) {
    long m = (long)n * avgdeg / 2;
    int csize = n / (nclusters > 0 ? nclusters : 1);
    if (csize < 1) csize = 1;
    int *eu = (int *)malloc((size_t)(m > 0 ? m : 1) * sizeof(int)), *ev = (int *)malloc((size_t)(m > 0 ? m : 1) * sizeof(int));
    int *deg = (int *)calloc((size_t)n + 1, sizeof(int));
    for (long e = 0; e < m; e++) {
        int u = (int)(pcwm_mix64(stream * 1000003u + 2 * (uint64_t)e) % (uint64_t)n);
        int base = (u / csize) * csize;
        if (base + csize > n) base = n - csize;
        int v = base + (int)(pcwm_mix64(stream * 1000003u + 2 * (uint64_t)e + 1) % (uint64_t)csize);
        eu[e] = u; ev[e] = v;
        if (u != v) { deg[u]++; deg[v]++; }
    }
    int *rp = (int *)malloc((size_t)(n + 1) * sizeof(int));
    rp[0] = 0;
    for (int i = 0; i < n; i++) rp[i + 1] = rp[i] + deg[i];
    int *tmp = (int *)malloc((size_t)(rp[n] > 0 ? rp[n] : 1) * sizeof(int));
    for (int i = 0; i < n; i++) deg[i] = rp[i];
    for (long e = 0; e < m; e++)
        if (eu[e] != ev[e]) { tmp[deg[eu[e]]++] = ev[e]; tmp[deg[ev[e]]++] = eu[e]; }
    int *adj = (int *)malloc((size_t)(rp[n] > 0 ? rp[n] : 1) * sizeof(int));
    int q = 0;
    for (int i = 0; i < n; i++) {
        int b = rp[i], e = rp[i + 1];
        for (int p = b + 1; p < e; p++) {            /* insertion sort of the row */
            int x = tmp[p], k = p - 1;
            while (k >= b && tmp[k] > x) { tmp[k + 1] = tmp[k]; k--; }
            tmp[k + 1] = x;
        }
        rp[i] = q;
        for (int p = b; p < e; p++)
            if (p == b || tmp[p] != tmp[p - 1]) adj[q++] = tmp[p];
    }
    rp[n] = q;
    free(eu); free(ev); free(deg); free(tmp);
    *rp_out = rp; *adj_out = adj;
}
int main(int argc, char **argv) {
    int n = (argc > 1) ? std::atoi(argv[1]) : 6000;
    if (n < 3) n = 3;
    int *rp, *adj;
    pcwm_build_graph(n, 16, 12, 66, &rp, &adj);
    long long tr = pcwm_reference_triangle_count(n, rp, adj);
    long long tc = triangle_count(n, rp, adj);
    std::free(rp); std::free(adj);
    if (tr != tc) { std::printf("PCWM_CHECK FAIL triangles = %lld, expected %lld\n", tc, tr); return 1; }
    std::printf("PCWM_CHECK PASS\n");
    return 0;
}
