/* Strategy: one parallel for; the sum of squares is a reduction(+) variable. */
#include <math.h>
#include <omp.h>

double axpy_norm(int n, double a, const double *x, double *y) {
    double s = 0.0;
    #pragma omp parallel for schedule(static) reduction(+:s)
    for (int i = 0; i < n; i++) {
        double v = a * x[i] + y[i];
        y[i] = v;
        s += v * v;
    }
    return sqrt(s);
}
