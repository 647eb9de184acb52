/* Strategy: each thread collects newly claimed vertices in a private queue, then copies it into the shared next frontier at an atomically reserved offset. */
#include <omp.h>
#include <stdlib.h>

void bfs_levels(int n, const int *rowptr, const int *adj, int source, int *level) {
    int *front = (int *)malloc((size_t)n * sizeof(int));
    int *next = (int *)malloc((size_t)n * sizeof(int));
    int *claimed = (int *)calloc((size_t)n, sizeof(int));
    int fsize = 1, nsize = 0, depth = 0;
    for (int v = 0; v < n; v++)
        level[v] = -1;
    level[source] = 0;
    claimed[source] = 1;
    front[0] = source;

    #pragma omp parallel
    {
        int *mine = (int *)malloc((size_t)n * sizeof(int));
        while (fsize > 0) {
            int cnt = 0;
            #pragma omp for schedule(guided)
            for (int f = 0; f < fsize; f++) {
                int u = front[f];
                for (int p = rowptr[u]; p < rowptr[u + 1]; p++) {
                    int v = adj[p], old;
                    #pragma omp atomic capture
                    { old = claimed[v]; claimed[v] = 1; }
                    if (!old) {
                        level[v] = depth + 1;
                        mine[cnt++] = v;
                    }
                }
            }
            int off;
            #pragma omp atomic capture
            { off = nsize; nsize += cnt; }
            for (int k = 0; k < cnt; k++)
                next[off + k] = mine[k];
            #pragma omp barrier
            #pragma omp single
            {
                int *t = front; front = next; next = t;
                fsize = nsize;
                nsize = 0;
                depth++;
            }
        }
        free(mine);
    }
    free(front); free(next); free(claimed);
}
