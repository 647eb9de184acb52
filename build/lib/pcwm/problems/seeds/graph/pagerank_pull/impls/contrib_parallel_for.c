/* Strategy: per iteration one parallel for builds contributions pr/outdeg (reduction for dangling mass), a second pulls them. */
#include <omp.h>
#include <stdlib.h>

void pagerank_pull(int n, const int *inptr, const int *insrc, const int *outdeg, int iters, double damping, double *pr) {
    double *contrib = (double *)malloc((size_t)n * sizeof(double));
    #pragma omp parallel for schedule(static)
    for (int v = 0; v < n; v++)
        pr[v] = 1.0 / n;
    for (int it = 0; it < iters; it++) {
        double dangling = 0.0;
        #pragma omp parallel for schedule(static) reduction(+:dangling)
        for (int u = 0; u < n; u++) {
            if (outdeg[u] == 0) {
                dangling += pr[u];
                contrib[u] = 0.0;
            } else {
                contrib[u] = pr[u] / outdeg[u];
            }
        }
        const double base = (1.0 - damping) / n + damping * dangling / n;
        #pragma omp parallel for schedule(guided)
        for (int v = 0; v < n; v++) {
            double s = 0.0;
            for (int p = inptr[v]; p < inptr[v + 1]; p++)
                s += contrib[insrc[p]];
            pr[v] = base + damping * s;
        }
    }
    free(contrib);
}
