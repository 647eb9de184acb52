/* Strategy: three work buffers rotated by pointer between per-step parallel for loops; parallel copy in and out. */
#include <omp.h>
#include <stdlib.h>
#include <string.h>

void wave1d(int n, int steps, double c2, double *u_prev, double *u_cur) {
    double *a = (double *)malloc((size_t)n * sizeof(double));
    double *b = (double *)malloc((size_t)n * sizeof(double));
    double *c = (double *)malloc((size_t)n * sizeof(double));
    #pragma omp parallel for schedule(static)
    for (int i = 0; i < n; i++) {
        a[i] = u_prev[i];
        b[i] = u_cur[i];
        c[i] = 0.0;
    }
    double *pv = a, *cu = b, *nx = c;
    for (int s = 0; s < steps; s++) {
        #pragma omp parallel for schedule(static)
        for (int i = 1; i < n - 1; i++)
            nx[i] = 2.0 * cu[i] - pv[i] + c2 * (cu[i - 1] - 2.0 * cu[i] + cu[i + 1]);
        double *t = pv; pv = cu; cu = nx; nx = t;
        nx[0] = 0.0;
        nx[n - 1] = 0.0;
    }
    #pragma omp parallel for schedule(static)
    for (int i = 0; i < n; i++) {
        u_prev[i] = pv[i];
        u_cur[i] = cu[i];
    }
    free(a); free(b); free(c);
}
