// Strategy: parallel for with dynamic chunks over vertices (skewed work), reduction(+) on the count.
#include <omp.h>

long long triangle_count(int n, const int *rowptr, const int *adj) {
    long long total = 0;
    #pragma omp parallel for schedule(dynamic, 16) reduction(+:total)
    for (int u = 0; u < n; u++) {
        for (int p = rowptr[u]; p < rowptr[u + 1]; p++) {
            const int v = adj[p];
            if (v <= u) continue;
            int a = rowptr[u], b = rowptr[v];
            while (a < rowptr[u + 1] && b < rowptr[v + 1]) {
                if (adj[a] < adj[b]) a++;
                else if (adj[a] > adj[b]) b++;
                else { total += (adj[a] > v); a++; b++; }
            }
        }
    }
    return total;
}
