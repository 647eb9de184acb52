/* Strategy: a single parallel region; each elimination step is an omp for whose implicit barrier orders the steps. */
#include <omp.h>

void lu_factor(int n, double *A) {
    #pragma omp parallel
    {
        for (int k = 0; k < n - 1; k++) {
            #pragma omp for schedule(static)
            for (int i = k + 1; i < n; i++) {
                double l = A[(long)i * n + k] / A[(long)k * n + k];
                A[(long)i * n + k] = l;
                for (int j = k + 1; j < n; j++)
                    A[(long)i * n + j] -= l * A[(long)k * n + j];
            }
        }
    }
}
