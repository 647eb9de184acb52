// Strategy: one thread creates a task per block of rows; the barrier closing the single construct waits for the tasks.
#include <omp.h>

static const int ELL_BLOCK = 512;

void ell_spmv(int nrows, int width, const int *cols, const double *vals, const double *x, double *y) {
    #pragma omp parallel
    {
        #pragma omp single
        {
            for (int b = 0; b < nrows; b += ELL_BLOCK) {
                #pragma omp task firstprivate(b)
                {
                    const int e_end = b + ELL_BLOCK < nrows ? b + ELL_BLOCK : nrows;
                    for (int i = b; i < e_end; i++) {
                        double s = 0.0;
                        for (int k = 0; k < width; k++) {
                            const long e = (long)k * nrows + i;
                            if (cols[e] >= 0)
                                s += vals[e] * x[cols[e]];
                        }
                        y[i] = s;
                    }
                }
            }
        }
    }
}
