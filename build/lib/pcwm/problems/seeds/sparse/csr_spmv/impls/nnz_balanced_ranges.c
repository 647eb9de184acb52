/* Strategy: manual decomposition; each thread finds an equal share of nonzeros by binary search on rowptr. */
#include <omp.h>

static int spmv_first_row_at(const int *rowptr, int nrows, long target) {
    int lo = 0, hi = nrows;           /* smallest row r with rowptr[r] >= target */
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (rowptr[mid] < target) lo = mid + 1; else hi = mid;
    }
    return lo;
}

void csr_spmv(int nrows, const int *rowptr, const int *colidx, const double *vals, const double *x, double *y) {
    long nnz = rowptr[nrows];
    #pragma omp parallel
    {
        int nt = omp_get_num_threads(), t = omp_get_thread_num();
        int r0 = t == 0 ? 0 : spmv_first_row_at(rowptr, nrows, nnz * t / nt);
        int r1 = t == nt - 1 ? nrows : spmv_first_row_at(rowptr, nrows, nnz * (t + 1) / nt);
        for (int i = r0; i < r1; i++) {
            double s = 0.0;
            for (int p = rowptr[i]; p < rowptr[i + 1]; p++)
                s += vals[p] * x[colidx[p]];
            y[i] = s;
        }
    }
}
