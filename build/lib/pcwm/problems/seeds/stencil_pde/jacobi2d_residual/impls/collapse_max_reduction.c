/* Strategy: per iteration, parallel for collapse(2) with reduction(max:diff) into scratch, then a parallel copy-back. */
#include <math.h>
#include <omp.h>
#include <stdlib.h>

double jacobi2d_residual(int n, int iters, double *u) {
    double *t = (double *)malloc((size_t)n * n * sizeof(double));
    double diff = 0.0;
    for (int it = 0; it < iters; it++) {
        diff = 0.0;
        #pragma omp parallel for collapse(2) schedule(static) reduction(max:diff)
        for (int i = 1; i < n - 1; i++)
            for (int j = 1; j < n - 1; j++) {
                double v = 0.25 * (u[(i - 1) * n + j] + u[(i + 1) * n + j] + u[i * n + j - 1] + u[i * n + j + 1]);
                double d = fabs(v - u[i * n + j]);
                if (d > diff) diff = d;
                t[i * n + j] = v;
            }
        #pragma omp parallel for schedule(static)
        for (int i = 1; i < n - 1; i++)
            for (int j = 1; j < n - 1; j++)
                u[i * n + j] = t[i * n + j];
    }
    free(t);
    return diff;
}
