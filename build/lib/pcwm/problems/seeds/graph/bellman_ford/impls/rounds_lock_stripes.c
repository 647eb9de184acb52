/* Strategy: each round snapshots dist, relaxes all edges in parallel from the snapshot, and guards dist updates with striped locks. */
#include <limits.h>
#include <omp.h>
#include <stdlib.h>

#define BF_STRIPES 64

void bellman_ford(int n, int m, const int *src, const int *dst, const int *w, int source, int *dist) {
    int *old = (int *)malloc((size_t)n * sizeof(int));
    omp_lock_t locks[BF_STRIPES];
    for (int s = 0; s < BF_STRIPES; s++)
        omp_init_lock(&locks[s]);
    for (int v = 0; v < n; v++)
        dist[v] = INT_MAX;
    dist[source] = 0;
    for (int round = 0; round < n; round++) {
        int changes = 0;
        #pragma omp parallel
        {
            #pragma omp for schedule(static)
            for (int v = 0; v < n; v++)
                old[v] = dist[v];
            #pragma omp for schedule(dynamic, 256) reduction(+:changes)
            for (int e = 0; e < m; e++) {
                int du = old[src[e]];
                if (du == INT_MAX) continue;
                int cand = du + w[e], v = dst[e];
                omp_set_lock(&locks[v % BF_STRIPES]);
                if (cand < dist[v]) {
                    dist[v] = cand;
                    changes++;
                }
                omp_unset_lock(&locks[v % BF_STRIPES]);
            }
        }
        if (changes == 0) break;
    }
    for (int s = 0; s < BF_STRIPES; s++)
        omp_destroy_lock(&locks[s]);
    free(old);
}
