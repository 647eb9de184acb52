/* Strategy: a taskloop over vertex blocks; each task merges its conflict count atomically and its max color under critical. */
#include <omp.h>

#define CCK_BLOCK 256

int coloring_conflicts(int n, const int *rowptr, const int *adj, const int *color, int *ncolors) {
    int conflicts = 0, maxc = -1;
    int nb = (n + CCK_BLOCK - 1) / CCK_BLOCK;
    #pragma omp parallel
    #pragma omp single
    {
        #pragma omp taskloop grainsize(1) shared(conflicts, maxc)
        for (int b = 0; b < nb; b++) {
            int v1 = (b + 1) * CCK_BLOCK < n ? (b + 1) * CCK_BLOCK : n;
            int c = 0, mx = -1;
            for (int v = b * CCK_BLOCK; v < v1; v++) {
                if (color[v] > mx) mx = color[v];
                for (int p = rowptr[v]; p < rowptr[v + 1]; p++)
                    if (adj[p] > v && color[adj[p]] == color[v]) c++;
            }
            #pragma omp atomic update
            conflicts += c;
            #pragma omp critical(cck_max)
            {
                if (mx > maxc) maxc = mx;
            }
        }
    }
    *ncolors = maxc + 1;
    return conflicts;
}
