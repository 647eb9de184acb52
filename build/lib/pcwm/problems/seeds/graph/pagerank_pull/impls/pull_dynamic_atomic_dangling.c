/* Strategy: one region; dangling mass = thread-local sums added atomically (reset by single), dynamic pull, static copy-back. */
#include <omp.h>
#include <stdlib.h>

void pagerank_pull(int n, const int *inptr, const int *insrc, const int *outdeg, int iters, double damping, double *pr) {
    double *nx = (double *)malloc((size_t)n * sizeof(double));
    double dangling = 0.0;
    #pragma omp parallel
    {
        #pragma omp for schedule(static)
        for (int v = 0; v < n; v++)
            pr[v] = 1.0 / n;
        for (int it = 0; it < iters; it++) {
            #pragma omp single
            dangling = 0.0;
            double mine = 0.0;
            #pragma omp for schedule(static) nowait
            for (int u = 0; u < n; u++)
                if (outdeg[u] == 0) mine += pr[u];
            #pragma omp atomic
            dangling += mine;
            #pragma omp barrier
            const double base = (1.0 - damping) / n + damping * dangling / n;
            #pragma omp for schedule(dynamic, 32)
            for (int v = 0; v < n; v++) {
                double s = 0.0;
                for (int p = inptr[v]; p < inptr[v + 1]; p++) {
                    int u = insrc[p];
                    s += pr[u] / outdeg[u];
                }
                nx[v] = base + damping * s;
            }
            #pragma omp for schedule(static)
            for (int v = 0; v < n; v++)
                pr[v] = nx[v];
        }
    }
    free(nx);
}
