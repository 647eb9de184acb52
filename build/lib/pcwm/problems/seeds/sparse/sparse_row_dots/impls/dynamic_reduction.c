/* Strategy: parallel for with dynamic chunks over rows; per-row merge writes d[r]; the total is a reduction(+). */
#include <omp.h>

double sparse_row_dots(int nrows, const int *pa, const int *ia, const double *va,
                       const int *pb, const int *ib, const double *vb, double *d) {
    double total = 0.0;
    #pragma omp parallel for schedule(dynamic, 32) reduction(+:total)
    for (int r = 0; r < nrows; r++) {
        int p = pa[r], q = pb[r];
        double s = 0.0;
        while (p < pa[r + 1] && q < pb[r + 1]) {
            int ca = ia[p], cb = ib[q];
            if (ca == cb) { s += va[p] * vb[q]; p++; q++; }
            else if (ca < cb) p++;
            else q++;
        }
        d[r] = s;
        total += s;
    }
    return total;
}
