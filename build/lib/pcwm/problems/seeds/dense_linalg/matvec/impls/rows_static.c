/* Strategy: parallel for over rows with a static schedule; each row's dot product is loop-local. */
#include <omp.h>

void matvec(int n, const double *A, const double *x, double *y) {
    #pragma omp parallel for schedule(static)
    for (int i = 0; i < n; i++) {
        double s = 0.0;
        for (int j = 0; j < n; j++)
            s += A[(long)i * n + j] * x[j];
        y[i] = s;
    }
}
