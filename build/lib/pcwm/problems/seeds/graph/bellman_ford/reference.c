#include <limits.h>

void bellman_ford(int n, int m, const int *src, const int *dst, const int *w, int source, int *dist) {
    for (int v = 0; v < n; v++)
        dist[v] = INT_MAX;
    dist[source] = 0;
    for (int round = 0; round < n; round++) {
        int changed = 0;
        for (int e = 0; e < m; e++) {
            int du = dist[src[e]];
            if (du != INT_MAX && du + w[e] < dist[dst[e]]) {
                dist[dst[e]] = du + w[e];
                changed = 1;
            }
        }
        if (!changed) break;
    }
}
