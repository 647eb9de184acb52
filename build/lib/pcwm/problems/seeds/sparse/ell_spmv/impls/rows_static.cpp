// Strategy: parallel for over rows (static); each row's slots are summed in a loop-local accumulator.
#include <omp.h>

void ell_spmv(int nrows, int width, const int *cols, const double *vals, const double *x, double *y) {
    #pragma omp parallel for schedule(static)
    for (int i = 0; i < nrows; i++) {
        double s = 0.0;
        for (int k = 0; k < width; k++) {
            const long e = (long)k * nrows + i;
            const int c = cols[e];
            if (c >= 0)
                s += vals[e] * x[c];
        }
        y[i] = s;
    }
}
