/* Strategy: guided omp for nowait with a thread-local running total; totals merged in a critical section. */
#include <omp.h>

double sparse_row_dots(int nrows, const int *pa, const int *ia, const double *va,
                       const int *pb, const int *ib, const double *vb, double *d) {
    double total = 0.0;
    #pragma omp parallel
    {
        double mine = 0.0;
        #pragma omp for schedule(guided, 16) nowait
        for (int r = 0; r < nrows; r++) {
            int p = pa[r], q = pb[r];
            const int pe = pa[r + 1], qe = pb[r + 1];
            double s = 0.0;
            while (p < pe && q < qe) {
                if (ia[p] < ib[q]) p++;
                else if (ia[p] > ib[q]) q++;
                else s += va[p++] * vb[q++];
            }
            d[r] = s;
            mine += s;
        }
        #pragma omp critical(srd_total)
        total += mine;
    }
    return total;
}
