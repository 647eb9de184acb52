// Strategy: rows distributed dynamically; i-k-j order streams B rows into the thread's own output row.
#include <omp.h>

void matmul(int n, const double *A, const double *B, double *C) {
    #pragma omp parallel for schedule(dynamic, 2)
    for (int i = 0; i < n; i++) {
        double *crow = C + (long)i * n;
        for (int j = 0; j < n; j++)
            crow[j] = 0.0;
        for (int k = 0; k < n; k++) {
            const double a = A[i * n + k];
            const double *brow = B + (long)k * n;
            for (int j = 0; j < n; j++)
                crow[j] += a * brow[j];
        }
    }
}
