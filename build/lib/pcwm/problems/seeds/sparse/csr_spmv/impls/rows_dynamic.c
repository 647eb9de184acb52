/* Strategy: parallel for over rows with dynamic chunks of 64 rows to absorb skewed row lengths. */
#include <omp.h>

void csr_spmv(int nrows, const int *rowptr, const int *colidx, const double *vals, const double *x, double *y) {
    int i, p;
    double s;
    #pragma omp parallel for schedule(dynamic, 64) private(p, s)
    for (i = 0; i < nrows; i++) {
        s = 0.0;
        for (p = rowptr[i]; p < rowptr[i + 1]; p++)
            s += vals[p] * x[colidx[p]];
        y[i] = s;
    }
}
