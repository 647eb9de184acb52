/* Strategy: a single producer creates one task per block of rows; taskwait before leaving. */
#include <omp.h>

#define MV_BLOCK 16

void matvec(int n, const double *A, const double *x, double *y) {
    #pragma omp parallel
    #pragma omp single
    {
        for (int b = 0; b < n; b += MV_BLOCK) {
            int end = b + MV_BLOCK < n ? b + MV_BLOCK : n;
            #pragma omp task firstprivate(b, end)
            {
                for (int i = b; i < end; i++) {
                    double s = 0.0;
                    for (int j = 0; j < n; j++)
                        s += A[(long)i * n + j] * x[j];
                    y[i] = s;
                }
            }
        }
        #pragma omp taskwait
    }
}
