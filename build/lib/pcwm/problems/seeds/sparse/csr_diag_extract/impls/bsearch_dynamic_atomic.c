/* Strategy: parallel for (dynamic) with a binary search per row; local miss counts are added with one atomic per thread. */
#include <omp.h>

int csr_diag_extract(int n, const int *rowptr, const int *colidx, const double *vals, double *diag) {
    int missing = 0;
    #pragma omp parallel
    {
        int my_missing = 0;
        #pragma omp for schedule(dynamic, 256) nowait
        for (int i = 0; i < n; i++) {
            int lo = rowptr[i], hi = rowptr[i + 1];
            while (lo < hi) {
                int mid = lo + (hi - lo) / 2;
                if (colidx[mid] < i) lo = mid + 1; else hi = mid;
            }
            if (lo < rowptr[i + 1] && colidx[lo] == i) {
                diag[i] = vals[lo];
            } else {
                diag[i] = 0.0;
                my_missing++;
            }
        }
        #pragma omp atomic update
        missing += my_missing;
    }
    return missing;
}
