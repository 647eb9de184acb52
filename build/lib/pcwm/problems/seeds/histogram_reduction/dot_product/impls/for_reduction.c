// Strategy: parallel for with a reduction(+) accumulator, static schedule.
#include <omp.h>

double dot_product(int n, const double *x, const double *y)
{
    double s = 0.0;
    #pragma omp parallel for schedule(static) reduction(+ : s)
    for (int i = 0; i < n; i++)
        s += x[i] * y[i];
    return s;
}
