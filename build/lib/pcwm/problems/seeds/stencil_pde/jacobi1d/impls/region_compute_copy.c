/* Strategy: one region; per step an omp for computes into scratch, then an omp for copies back (barriers between). */
#include <omp.h>
#include <stdlib.h>

void jacobi1d(int n, int steps, double *u) {
    double *t = (double *)malloc((size_t)n * sizeof(double));
    #pragma omp parallel
    {
        for (int s = 0; s < steps; s++) {
            #pragma omp for schedule(static)
            for (int i = 1; i < n - 1; i++)
                t[i] = (u[i - 1] + u[i] + u[i + 1]) / 3.0;
            #pragma omp for schedule(static)
            for (int i = 1; i < n - 1; i++)
                u[i] = t[i];
        }
    }
    free(t);
}
