// Strategy: parallel for (dynamic chunks) over rows; a row's k outputs are accumulated in place by its owner.
#include <omp.h>

void csr_spmm(int nrows, int k, const int *rowptr, const int *colidx, const double *vals, const double *X, double *Y) {
    #pragma omp parallel for schedule(dynamic, 32)
    for (int i = 0; i < nrows; i++) {
        double *yr = Y + (long)i * k;
        for (int j = 0; j < k; j++)
            yr[j] = 0.0;
        for (int p = rowptr[i]; p < rowptr[i + 1]; p++) {
            const double a = vals[p];
            const double *xr = X + (long)colidx[p] * k;
            for (int j = 0; j < k; j++)
                yr[j] += a * xr[j];
        }
    }
}
