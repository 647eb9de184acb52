/* Strategy: one parallel for (dynamic) with two reductions: (+) on conflicts and (max) on the largest color. */
#include <omp.h>

int coloring_conflicts(int n, const int *rowptr, const int *adj, const int *color, int *ncolors) {
    int conflicts = 0, maxc = -1;
    #pragma omp parallel for schedule(dynamic, 64) reduction(+:conflicts) reduction(max:maxc)
    for (int v = 0; v < n; v++) {
        const int cv = color[v];
        if (cv > maxc) maxc = cv;
        for (int p = rowptr[v]; p < rowptr[v + 1]; p++)
            conflicts += (adj[p] > v && color[adj[p]] == cv);
    }
    *ncolors = maxc + 1;
    return conflicts;
}
