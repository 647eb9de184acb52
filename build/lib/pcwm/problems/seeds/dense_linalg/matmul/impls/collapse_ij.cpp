// Strategy: parallel for collapse(2) over output entries (i, j); each entry's sum is loop-local.
#include <omp.h>

void matmul(int n, const double *A, const double *B, double *C) {
    #pragma omp parallel for collapse(2) schedule(static)
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double s = 0.0;
            for (int k = 0; k < n; k++)
                s += A[i * n + k] * B[k * n + j];
            C[i * n + j] = s;
        }
}
