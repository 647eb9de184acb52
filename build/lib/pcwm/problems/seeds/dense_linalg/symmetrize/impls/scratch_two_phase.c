/* Strategy: two worksharing loops in one region: build (A + A^T)/2 in scratch, implicit barrier, then copy back. */
#include <omp.h>
#include <stdlib.h>

void symmetrize(int n, double *A) {
    double *S = (double *)malloc((size_t)n * n * sizeof(double));
    #pragma omp parallel
    {
        #pragma omp for schedule(static)
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                S[(long)i * n + j] = 0.5 * (A[(long)i * n + j] + A[(long)j * n + i]);

        #pragma omp for schedule(static)
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                A[(long)i * n + j] = S[(long)i * n + j];
    }
    free(S);
}
