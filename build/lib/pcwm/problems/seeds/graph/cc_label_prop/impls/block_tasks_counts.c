/* Strategy: per round one task per vertex block stores its change count in its own slot; taskwait; copy-back tasks. */
#include <omp.h>
#include <stdlib.h>

#define CC_BLOCK 512

int cc_label_prop(int n, const int *rowptr, const int *adj, int *label) {
    int nb = (n + CC_BLOCK - 1) / CC_BLOCK;
    int *nx = (int *)malloc((size_t)n * sizeof(int));
    int *bchg = (int *)calloc((size_t)(nb > 0 ? nb : 1), sizeof(int));
    for (int v = 0; v < n; v++)
        label[v] = v;
    #pragma omp parallel
    #pragma omp single
    {
        int changed = 1;
        while (changed) {
            for (int b = 0; b < nb; b++) {
                #pragma omp task firstprivate(b)
                {
                    int v1 = (b + 1) * CC_BLOCK < n ? (b + 1) * CC_BLOCK : n, c = 0;
                    for (int v = b * CC_BLOCK; v < v1; v++) {
                        int m = label[v];
                        for (int p = rowptr[v]; p < rowptr[v + 1]; p++)
                            if (label[adj[p]] < m) m = label[adj[p]];
                        nx[v] = m;
                        c += (m != label[v]);
                    }
                    bchg[b] = c;
                }
            }
            #pragma omp taskwait
            changed = 0;
            for (int b = 0; b < nb; b++)
                changed += bchg[b];
            for (int b = 0; b < nb; b++) {
                #pragma omp task firstprivate(b)
                {
                    int v1 = (b + 1) * CC_BLOCK < n ? (b + 1) * CC_BLOCK : n;
                    for (int v = b * CC_BLOCK; v < v1; v++)
                        label[v] = nx[v];
                }
            }
            #pragma omp taskwait
        }
    }
    int comps = 0;
    #pragma omp parallel for reduction(+:comps)
    for (int v = 0; v < n; v++)
        comps += (label[v] == v);
    free(nx); free(bchg);
    return comps;
}
