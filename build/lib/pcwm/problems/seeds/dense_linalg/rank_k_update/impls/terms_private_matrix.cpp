// Strategy: threads split the k terms, accumulate into a private n x n matrix, then merge it into A under critical.
#include <omp.h>
#include <vector>

void rank_k_update(int n, int k, const double *U, const double *V, double *A) {
    #pragma omp parallel
    {
        std::vector<double> acc((size_t)n * n, 0.0);
        #pragma omp for schedule(static) nowait
        for (int p = 0; p < k; p++) {
            for (int i = 0; i < n; i++) {
                const double u = U[p * n + i];
                for (int j = 0; j < n; j++)
                    acc[(size_t)i * n + j] += u * V[p * n + j];
            }
        }
        #pragma omp critical(rank_k_merge)
        {
            for (size_t e = 0; e < acc.size(); e++)
                A[e] += acc[e];
        }
    }
}
