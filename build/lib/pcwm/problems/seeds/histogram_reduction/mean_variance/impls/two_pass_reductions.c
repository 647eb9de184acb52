// Strategy: two reduction(+) loops in one region, a single construct computes the mean between the passes.
#include <omp.h>

void mean_variance(int n, const double *x, double *mean, double *var)
{
    double s = 0.0, ss = 0.0, m = 0.0;
    #pragma omp parallel
    {
        #pragma omp for schedule(static) reduction(+ : s)
        for (int i = 0; i < n; i++)
            s += x[i];

        #pragma omp single
        m = s / n;

        #pragma omp for schedule(static) reduction(+ : ss)
        for (int i = 0; i < n; i++) {
            double d = x[i] - m;
            ss += d * d;
        }
    }
    *mean = m;
    *var = ss / n;
}
