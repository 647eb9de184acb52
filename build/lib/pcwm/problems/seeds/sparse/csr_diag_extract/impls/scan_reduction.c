/* Strategy: parallel for (static) with a linear scan of each row; the count of missing diagonals is a reduction(+). */
#include <omp.h>

int csr_diag_extract(int n, const int *rowptr, const int *colidx, const double *vals, double *diag) {
    int missing = 0;
    #pragma omp parallel for schedule(static) reduction(+:missing)
    for (int i = 0; i < n; i++) {
        double d = 0.0;
        int found = 0;
        for (int p = rowptr[i]; p < rowptr[i + 1] && colidx[p] <= i; p++)
            if (colidx[p] == i) { d = vals[p]; found = 1; }
        diag[i] = d;
        missing += !found;
    }
    return missing;
}
