#include <math.h>

double axpy_norm(int n, double a, const double *x, double *y) {
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        y[i] = a * x[i] + y[i];
        s += y[i] * y[i];
    }
    return sqrt(s);
}
