/* Strategy: one region; threads relax their static edge share into private arrays, then an omp for takes the per-vertex minimum. */
#include <limits.h>
#include <omp.h>
#include <stdlib.h>

void bellman_ford(int n, int m, const int *src, const int *dst, const int *w, int source, int *dist) {
    int maxt = omp_get_max_threads();
    int *priv = (int *)malloc((size_t)maxt * n * sizeof(int));
    int changes = 1, round = 0;
    for (int v = 0; v < n; v++)
        dist[v] = INT_MAX;
    dist[source] = 0;
    #pragma omp parallel num_threads(maxt)
    {
        int nt = omp_get_num_threads();
        int *mine = priv + (size_t)omp_get_thread_num() * n;
        while (changes > 0 && round < n) {
            for (int v = 0; v < n; v++)
                mine[v] = dist[v];
            #pragma omp for schedule(static)
            for (int e = 0; e < m; e++) {
                int du = mine[src[e]];
                if (du != INT_MAX && du + w[e] < mine[dst[e]])
                    mine[dst[e]] = du + w[e];
            }
            #pragma omp single
            {
                changes = 0;
                round++;
            }
            #pragma omp for schedule(static) reduction(+:changes)
            for (int v = 0; v < n; v++) {
                int best = dist[v];
                for (int t = 0; t < nt; t++)
                    if (priv[(size_t)t * n + v] < best) best = priv[(size_t)t * n + v];
                if (best < dist[v]) {
                    dist[v] = best;
                    changes++;
                }
            }
        }
    }
    free(priv);
}
