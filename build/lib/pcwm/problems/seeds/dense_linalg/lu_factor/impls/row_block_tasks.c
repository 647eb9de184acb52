/* Strategy: per elimination step, one thread creates a task per block of trailing rows and waits for them. */
#include <omp.h>

#define LU_BLK 8

void lu_factor(int n, double *A) {
    #pragma omp parallel
    #pragma omp single
    {
        for (int k = 0; k < n - 1; k++) {
            for (int b = k + 1; b < n; b += LU_BLK) {
                int e = b + LU_BLK < n ? b + LU_BLK : n;
                #pragma omp task firstprivate(k, b, e)
                {
                    double piv = A[(long)k * n + k];
                    for (int i = b; i < e; i++) {
                        double l = A[(long)i * n + k] / piv;
                        A[(long)i * n + k] = l;
                        for (int j = k + 1; j < n; j++)
                            A[(long)i * n + j] -= l * A[(long)k * n + j];
                    }
                }
            }
            #pragma omp taskwait
        }
    }
}
