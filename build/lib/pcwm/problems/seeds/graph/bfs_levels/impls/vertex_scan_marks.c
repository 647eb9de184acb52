/* Strategy: bottom-up levels; per level an omp for scans unvisited vertices for a neighbour on the current level, writes marks, then applies them. */
#include <omp.h>
#include <stdlib.h>

void bfs_levels(int n, const int *rowptr, const int *adj, int source, int *level) {
    char *mark = (char *)calloc((size_t)n, 1);
    int found = 1;
    #pragma omp parallel
    {
        #pragma omp for schedule(static)
        for (int v = 0; v < n; v++)
            level[v] = (v == source) ? 0 : -1;
        for (int depth = 0; found > 0; depth++) {
            #pragma omp barrier
            #pragma omp single
            found = 0;
            #pragma omp for schedule(dynamic, 128) reduction(+:found)
            for (int v = 0; v < n; v++) {
                if (level[v] >= 0) continue;
                for (int p = rowptr[v]; p < rowptr[v + 1]; p++) {
                    if (level[adj[p]] == depth) {
                        mark[v] = 1;
                        found++;
                        break;
                    }
                }
            }
            #pragma omp for schedule(static)
            for (int v = 0; v < n; v++) {
                if (mark[v]) {
                    level[v] = depth + 1;
                    mark[v] = 0;
                }
            }
        }
    }
    free(mark);
}
