// Strategy: a single parallel for with reduction(+) for the sums and reduction(max) for the max-abs.
#include <omp.h>
#include <math.h>

void vector_norms(int n, const double *x, double *l1, double *l2, double *linf)
{
    double a = 0.0, b = 0.0, m = 0.0;
    #pragma omp parallel for schedule(static) reduction(+ : a, b) reduction(max : m)
    for (int i = 0; i < n; i++) {
        double v = fabs(x[i]);
        a += v;
        b += v * v;
        m = v > m ? v : m;
    }
    *l1 = a;
    *l2 = sqrt(b);
    *linf = m;
}
