#include <stdlib.h>

void pagerank_pull(int n, const int *inptr, const int *insrc, const int *outdeg, int iters, double damping, double *pr) {
    double *nx = (double *)malloc((size_t)n * sizeof(double));
    for (int v = 0; v < n; v++)
        pr[v] = 1.0 / n;
    for (int it = 0; it < iters; it++) {
        double dangling = 0.0;
        for (int u = 0; u < n; u++)
            if (outdeg[u] == 0) dangling += pr[u];
        double base = (1.0 - damping) / n + damping * dangling / n;
        for (int v = 0; v < n; v++) {
            double s = 0.0;
            for (int p = inptr[v]; p < inptr[v + 1]; p++)
                s += pr[insrc[p]] / outdeg[insrc[p]];
            nx[v] = base + damping * s;
        }
        for (int v = 0; v < n; v++)
            pr[v] = nx[v];
    }
    free(nx);
}
