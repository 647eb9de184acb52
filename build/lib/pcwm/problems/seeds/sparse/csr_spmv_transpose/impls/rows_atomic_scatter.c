/* Strategy: omp for zeroes y, then an omp for over rows scatters into y with atomic updates. */
#include <omp.h>

void csr_spmv_transpose(int nrows, int ncols, const int *rowptr, const int *colidx, const double *vals,
                        const double *x, double *y) {
    #pragma omp parallel
    {
        #pragma omp for schedule(static)
        for (int j = 0; j < ncols; j++)
            y[j] = 0.0;
        #pragma omp for schedule(dynamic, 128)
        for (int i = 0; i < nrows; i++) {
            double xi = x[i];
            for (int p = rowptr[i]; p < rowptr[i + 1]; p++) {
                #pragma omp atomic
                y[colidx[p]] += vals[p] * xi;
            }
        }
    }
}
