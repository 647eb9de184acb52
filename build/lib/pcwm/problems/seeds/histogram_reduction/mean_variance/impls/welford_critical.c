// Strategy: per-thread Welford accumulation over omp for nowait, partials merged by Chan's formula under critical.
#include <omp.h>

void mean_variance(int n, const double *x, double *mean, double *var)
{
    double gcount = 0.0, gmean = 0.0, gm2 = 0.0;
    #pragma omp parallel
    {
        double c = 0.0, m = 0.0, m2 = 0.0;
        #pragma omp for schedule(static) nowait
        for (int i = 0; i < n; i++) {
            c += 1.0;
            double d = x[i] - m;
            m += d / c;
            m2 += d * (x[i] - m);
        }
        #pragma omp critical(mv_merge)
        {
            if (c > 0.0) {
                double tot = gcount + c;
                double delta = m - gmean;
                gmean += delta * c / tot;
                gm2 += m2 + delta * delta * gcount * c / tot;
                gcount = tot;
            }
        }
    }
    *mean = gmean;
    *var = gm2 / n;
}
