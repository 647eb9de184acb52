// Strategy: slot-major sweeps over y; identical static schedules keep each row on one thread, so every loop is nowait.
#include <omp.h>

void ell_spmv(int nrows, int width, const int *cols, const double *vals, const double *x, double *y) {
    #pragma omp parallel
    {
        #pragma omp for schedule(static) nowait
        for (int i = 0; i < nrows; i++)
            y[i] = 0.0;
        for (int k = 0; k < width; k++) {
            const int *ck = cols + (long)k * nrows;
            const double *vk = vals + (long)k * nrows;
            #pragma omp for schedule(static) nowait
            for (int i = 0; i < nrows; i++) {
                if (ck[i] >= 0)
                    y[i] += vk[i] * x[ck[i]];
            }
        }
    }
}
