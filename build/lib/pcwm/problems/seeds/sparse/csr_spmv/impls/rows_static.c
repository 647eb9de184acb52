/* Strategy: parallel for over rows, static schedule; each row's sum lives in a loop-local accumulator. */
#include <omp.h>

void csr_spmv(int nrows, const int *rowptr, const int *colidx, const double *vals, const double *x, double *y) {
    #pragma omp parallel for schedule(static)
    for (int i = 0; i < nrows; i++) {
        double s = 0.0;
        for (int p = rowptr[i]; p < rowptr[i + 1]; p++)
            s += vals[p] * x[colidx[p]];
        y[i] = s;
    }
}
