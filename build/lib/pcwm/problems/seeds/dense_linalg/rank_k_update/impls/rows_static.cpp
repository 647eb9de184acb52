// Strategy: parallel for over rows of A; a row is owned by one thread, which adds all k terms to it.
#include <omp.h>

void rank_k_update(int n, int k, const double *U, const double *V, double *A) {
    #pragma omp parallel for schedule(static)
    for (int i = 0; i < n; i++) {
        double *row = A + (long)i * n;
        for (int p = 0; p < k; p++) {
            const double u = U[p * n + i];
            for (int j = 0; j < n; j++)
                row[j] += u * V[p * n + j];
        }
    }
}
