/* Strategy: rows in dynamic chunks; each scatter update holds the omp_lock_t of its column's stripe. */
#include <omp.h>

#define SPT_STRIPES 256

void csr_spmv_transpose(int nrows, int ncols, const int *rowptr, const int *colidx, const double *vals,
                        const double *x, double *y) {
    omp_lock_t stripe[SPT_STRIPES];
    for (int s = 0; s < SPT_STRIPES; s++)
        omp_init_lock(&stripe[s]);
    #pragma omp parallel for schedule(static)
    for (int j = 0; j < ncols; j++)
        y[j] = 0.0;
    #pragma omp parallel for schedule(dynamic, 32)
    for (int i = 0; i < nrows; i++) {
        for (int p = rowptr[i]; p < rowptr[i + 1]; p++) {
            int j = colidx[p];
            double v = vals[p] * x[i];
            omp_set_lock(&stripe[j % SPT_STRIPES]);
            y[j] += v;
            omp_unset_lock(&stripe[j % SPT_STRIPES]);
        }
    }
    for (int s = 0; s < SPT_STRIPES; s++)
        omp_destroy_lock(&stripe[s]);
}
