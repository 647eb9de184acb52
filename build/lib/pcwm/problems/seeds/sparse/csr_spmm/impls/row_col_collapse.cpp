// Strategy: collapse(2) over (row, output column); every iteration computes one scalar of Y independently.
#include <omp.h>

void csr_spmm(int nrows, int k, const int *rowptr, const int *colidx, const double *vals, const double *X, double *Y) {
    #pragma omp parallel for collapse(2) schedule(static)
    for (int i = 0; i < nrows; i++) {
        for (int j = 0; j < k; j++) {
            double s = 0.0;
            for (int p = rowptr[i]; p < rowptr[i + 1]; p++)
                s += vals[p] * X[(long)colidx[p] * k + j];
            Y[(long)i * k + j] = s;
        }
    }
}
