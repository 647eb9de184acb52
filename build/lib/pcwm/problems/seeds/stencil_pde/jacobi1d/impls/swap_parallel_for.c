/* Strategy: ping-pong buffers; each step is its own parallel for, pointers are swapped by the master between steps. */
#include <omp.h>
#include <stdlib.h>

void jacobi1d(int n, int steps, double *u) {
    double *other = (double *)malloc((size_t)n * sizeof(double));
    other[0] = u[0];
    other[n - 1] = u[n - 1];
    double *src = u, *dst = other;
    for (int s = 0; s < steps; s++) {
        #pragma omp parallel for schedule(static)
        for (int i = 1; i < n - 1; i++)
            dst[i] = (src[i - 1] + src[i] + src[i + 1]) / 3.0;
        double *tmp = src; src = dst; dst = tmp;
    }
    if (src != u) {
        #pragma omp parallel for schedule(static)
        for (int i = 1; i < n - 1; i++)
            u[i] = src[i];
    }
    free(other);
}
