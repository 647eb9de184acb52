/* Strategy: per iteration, one task per row block stores its block max in its own slot; taskwait; copy-back tasks. */
#include <math.h>
#include <omp.h>
#include <stdlib.h>

#define J2D_RB 8

double jacobi2d_residual(int n, int iters, double *u) {
    double *t = (double *)malloc((size_t)n * n * sizeof(double));
    int nb = (n - 2 + J2D_RB - 1) / J2D_RB;
    double *bmax = (double *)malloc((size_t)(nb > 0 ? nb : 1) * sizeof(double));
    double diff = 0.0;
    #pragma omp parallel
    #pragma omp single
    {
        for (int it = 0; it < iters; it++) {
            for (int b = 0; b < nb; b++) {
                #pragma omp task firstprivate(b)
                {
                    int i0 = 1 + b * J2D_RB, i1 = i0 + J2D_RB < n - 1 ? i0 + J2D_RB : n - 1;
                    double m = 0.0;
                    for (int i = i0; i < i1; i++)
                        for (int j = 1; j < n - 1; j++) {
                            double v = 0.25 * (u[(i - 1) * n + j] + u[(i + 1) * n + j] + u[i * n + j - 1] + u[i * n + j + 1]);
                            double d = fabs(v - u[i * n + j]);
                            if (d > m) m = d;
                            t[i * n + j] = v;
                        }
                    bmax[b] = m;
                }
            }
            #pragma omp taskwait
            diff = 0.0;
            for (int b = 0; b < nb; b++)
                if (bmax[b] > diff) diff = bmax[b];
            for (int b = 0; b < nb; b++) {
                #pragma omp task firstprivate(b)
                {
                    int i0 = 1 + b * J2D_RB, i1 = i0 + J2D_RB < n - 1 ? i0 + J2D_RB : n - 1;
                    for (int i = i0; i < i1; i++)
                        for (int j = 1; j < n - 1; j++)
                            u[i * n + j] = t[i * n + j];
                }
            }
            #pragma omp taskwait
        }
    }
    free(bmax);
    free(t);
    return diff;
}
