/* Strategy: level-synchronous frontiers; a vertex is claimed by atomic capture on its visited flag and appended at an atomically captured slot. */
#include <omp.h>
#include <stdlib.h>

void bfs_levels(int n, const int *rowptr, const int *adj, int source, int *level) {
    int *front = (int *)malloc((size_t)n * sizeof(int));
    int *next = (int *)malloc((size_t)n * sizeof(int));
    int *visited = (int *)calloc((size_t)n, sizeof(int));
    int fsize = 1, nsize = 0;

    #pragma omp parallel for schedule(static)
    for (int v = 0; v < n; v++)
        level[v] = -1;
    level[source] = 0;
    visited[source] = 1;
    front[0] = source;

    for (int depth = 1; fsize > 0; depth++) {
        nsize = 0;
        #pragma omp parallel for schedule(dynamic, 16)
        for (int f = 0; f < fsize; f++) {
            int u = front[f];
            for (int p = rowptr[u]; p < rowptr[u + 1]; p++) {
                int v = adj[p];
                int was;
                #pragma omp atomic capture
                { was = visited[v]; visited[v] = 1; }
                if (!was) {
                    level[v] = depth;
                    int slot;
                    #pragma omp atomic capture
                    slot = nsize++;
                    next[slot] = v;
                }
            }
        }
        int *t = front; front = next; next = t;
        fsize = nsize;
    }
    free(front); free(next); free(visited);
}
