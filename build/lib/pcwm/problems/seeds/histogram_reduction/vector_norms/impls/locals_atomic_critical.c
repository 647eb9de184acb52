// Strategy: thread-private partials over omp for nowait; sums merged with omp atomic, maximum merged under critical.
#include <omp.h>
#include <math.h>

void vector_norms(int n, const double *x, double *l1, double *l2, double *linf)
{
    double a = 0.0, b = 0.0, m = 0.0;
    #pragma omp parallel
    {
        double la = 0.0, lb = 0.0, lm = 0.0;
        #pragma omp for schedule(guided) nowait
        for (int i = 0; i < n; i++) {
            double v = fabs(x[i]);
            la += v;
            lb += v * v;
            if (v > lm)
                lm = v;
        }
        #pragma omp atomic
        a += la;
        #pragma omp atomic
        b += lb;
        #pragma omp critical(norms_max)
        {
            if (lm > m)
                m = lm;
        }
    }
    *l1 = a;
    *l2 = sqrt(b);
    *linf = m;
}
