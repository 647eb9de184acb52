/* Strategy: thread-local conflict count and max color over an omp for nowait; one critical merge per thread. */
#include <omp.h>

int coloring_conflicts(int n, const int *rowptr, const int *adj, const int *color, int *ncolors) {
    int conflicts = 0, maxc = -1;
    #pragma omp parallel
    {
        int my_conf = 0, my_max = -1;
        #pragma omp for schedule(static, 256) nowait
        for (int v = 0; v < n; v++) {
            if (color[v] > my_max) my_max = color[v];
            for (int p = rowptr[v]; p < rowptr[v + 1]; p++) {
                int u = adj[p];
                if (u > v && color[u] == color[v]) my_conf++;
            }
        }
        #pragma omp critical(cc_merge)
        {
            conflicts += my_conf;
            if (my_max > maxc) maxc = my_max;
        }
    }
    *ncolors = maxc + 1;
    return conflicts;
}
