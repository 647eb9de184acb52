// Strategy: threads split the k terms; each term is added row by row while holding that row's omp_lock_t.
#include <omp.h>
#include <vector>

void rank_k_update(int n, int k, const double *U, const double *V, double *A) {
    std::vector<omp_lock_t> row_lock(n);
    for (int i = 0; i < n; i++)
        omp_init_lock(&row_lock[i]);

    #pragma omp parallel for schedule(dynamic, 1)
    for (int p = 0; p < k; p++) {
        for (int i = 0; i < n; i++) {
            const double u = U[p * n + i];
            omp_set_lock(&row_lock[i]);
            for (int j = 0; j < n; j++)
                A[i * n + j] += u * V[p * n + j];
            omp_unset_lock(&row_lock[i]);
        }
    }

    for (int i = 0; i < n; i++)
        omp_destroy_lock(&row_lock[i]);
}
