/* Strategy: each thread scatters into its own slice of a thread-major buffer; barrier; omp for over columns sums slices. */
#include <omp.h>
#include <stdlib.h>

void csr_spmv_transpose(int nrows, int ncols, const int *rowptr, const int *colidx, const double *vals,
                        const double *x, double *y) {
    int maxt = omp_get_max_threads();
    double *buf = (double *)calloc((size_t)maxt * ncols, sizeof(double));
    #pragma omp parallel num_threads(maxt)
    {
        int nt = omp_get_num_threads();
        double *mine = buf + (size_t)omp_get_thread_num() * ncols;
        #pragma omp for schedule(static)
        for (int i = 0; i < nrows; i++) {
            double xi = x[i];
            for (int p = rowptr[i]; p < rowptr[i + 1]; p++)
                mine[colidx[p]] += vals[p] * xi;
        }
        #pragma omp for schedule(static)
        for (int j = 0; j < ncols; j++) {
            double s = 0.0;
            for (int t = 0; t < nt; t++)
                s += buf[(size_t)t * ncols + j];
            y[j] = s;
        }
    }
    free(buf);
}
