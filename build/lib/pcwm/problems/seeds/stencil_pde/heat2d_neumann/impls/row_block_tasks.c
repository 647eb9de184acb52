/* Strategy: single producer; per step interior row-block tasks, taskwait, copy-back + edge tasks, taskwait; max via critical. */
#include <omp.h>
#include <stdlib.h>

#define H2_RB 16

double heat2d_neumann(int nx, int ny, int steps, double alpha, const double *src, double *T) {
    double *t = (double *)malloc((size_t)nx * ny * sizeof(double));
    double mx = T[0];
    #pragma omp parallel
    #pragma omp single
    {
        for (int s = 0; s < steps; s++) {
            for (int i0 = 1; i0 < nx - 1; i0 += H2_RB) {
                #pragma omp task firstprivate(i0)
                {
                    int i1 = i0 + H2_RB < nx - 1 ? i0 + H2_RB : nx - 1;
                    for (int i = i0; i < i1; i++)
                        for (int j = 1; j < ny - 1; j++) {
                            int c = i * ny + j;
                            t[c] = T[c] + alpha * (T[c - ny] + T[c + ny] + T[c - 1] + T[c + 1] - 4.0 * T[c]) + src[c];
                        }
                }
            }
            #pragma omp taskwait
            for (int i0 = 1; i0 < nx - 1; i0 += H2_RB) {
                #pragma omp task firstprivate(i0)
                {
                    int i1 = i0 + H2_RB < nx - 1 ? i0 + H2_RB : nx - 1;
                    for (int i = i0; i < i1; i++)
                        for (int j = 1; j < ny - 1; j++)
                            T[i * ny + j] = t[i * ny + j];
                }
            }
            #pragma omp taskwait
            #pragma omp task
            for (int j = 1; j < ny - 1; j++) {
                T[j] = T[ny + j];
                T[(nx - 1) * ny + j] = T[(nx - 2) * ny + j];
            }
            #pragma omp task
            for (int i = 1; i < nx - 1; i++) {
                T[i * ny] = T[i * ny + 1];
                T[i * ny + ny - 1] = T[i * ny + ny - 2];
            }
            #pragma omp taskwait
        }
        for (int i0 = 0; i0 < nx; i0 += H2_RB) {
            #pragma omp task firstprivate(i0)
            {
                int i1 = i0 + H2_RB < nx ? i0 + H2_RB : nx;
                double m = T[i0 * ny];
                for (int c = i0 * ny; c < i1 * ny; c++)
                    if (T[c] > m) m = T[c];
                #pragma omp critical(h2_max)
                {
                    if (m > mx) mx = m;
                }
            }
        }
        #pragma omp taskwait
    }
    free(t);
    return mx;
}
