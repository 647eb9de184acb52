#include <stdlib.h>

void bfs_levels(int n, const int *rowptr, const int *adj, int source, int *level) {
    int *queue = (int *)malloc((size_t)n * sizeof(int));
    for (int v = 0; v < n; v++)
        level[v] = -1;
    int head = 0, tail = 0;
    level[source] = 0;
    queue[tail++] = source;
    while (head < tail) {
        int u = queue[head++];
        for (int p = rowptr[u]; p < rowptr[u + 1]; p++) {
            int v = adj[p];
            if (level[v] < 0) {
                level[v] = level[u] + 1;
                queue[tail++] = v;
            }
        }
    }
    free(queue);
}
