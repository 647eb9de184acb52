/* Strategy: each round relaxes edges with an array-section reduction(min) into nd, then applies nd and counts changes. */
#include <limits.h>
#include <omp.h>
#include <stdlib.h>

void bellman_ford(int n, int m, const int *src, const int *dst, const int *w, int source, int *dist) {
    int *nd = (int *)malloc((size_t)n * sizeof(int));
    for (int v = 0; v < n; v++)
        dist[v] = INT_MAX;
    dist[source] = 0;
    int changes = 1;
    for (int round = 0; round < n && changes > 0; round++) {
        for (int v = 0; v < n; v++)
            nd[v] = dist[v];
        #pragma omp parallel for schedule(static) reduction(min:nd[0:n])
        for (int e = 0; e < m; e++) {
            int du = dist[src[e]];
            if (du != INT_MAX && du + w[e] < nd[dst[e]])
                nd[dst[e]] = du + w[e];
        }
        changes = 0;
        #pragma omp parallel for schedule(static) reduction(+:changes)
        for (int v = 0; v < n; v++) {
            if (nd[v] < dist[v]) {
                dist[v] = nd[v];
                changes++;
            }
        }
    }
    free(nd);
}
