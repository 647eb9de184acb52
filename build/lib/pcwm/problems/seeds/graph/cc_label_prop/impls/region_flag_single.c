/* Strategy: one region; single resets a shared flag, threads set it with atomic write, copy-back loop, final reduction count. */
#include <omp.h>
#include <stdlib.h>

int cc_label_prop(int n, const int *rowptr, const int *adj, int *label) {
    int *nx = (int *)malloc((size_t)n * sizeof(int));
    int changed = 1, comps = 0;
    #pragma omp parallel
    {
        #pragma omp for schedule(static)
        for (int v = 0; v < n; v++)
            label[v] = v;
        int go = 1;
        while (go) {
            #pragma omp single
            changed = 0;
            #pragma omp for schedule(static)
            for (int v = 0; v < n; v++) {
                int m = label[v];
                for (int p = rowptr[v]; p < rowptr[v + 1]; p++)
                    if (label[adj[p]] < m) m = label[adj[p]];
                nx[v] = m;
                if (m != label[v]) {
                    #pragma omp atomic write
                    changed = 1;
                }
            }
            #pragma omp for schedule(static)
            for (int v = 0; v < n; v++)
                label[v] = nx[v];
            #pragma omp atomic read
            go = changed;
            #pragma omp barrier
        }
        #pragma omp for schedule(static) reduction(+:comps)
        for (int v = 0; v < n; v++)
            if (label[v] == v) comps++;
    }
    free(nx);
    return comps;
}
