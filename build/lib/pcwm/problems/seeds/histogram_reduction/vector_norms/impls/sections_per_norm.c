// Strategy: omp sections with one section per norm; the three reductions are computed concurrently.
#include <omp.h>
#include <math.h>

void vector_norms(int n, const double *x, double *l1, double *l2, double *linf)
{
    double a = 0.0, b = 0.0, m = 0.0;
    #pragma omp parallel sections
    {
        #pragma omp section
        {
            for (int i = 0; i < n; i++)
                a += fabs(x[i]);
        }
        #pragma omp section
        {
            for (int i = 0; i < n; i++)
                b += x[i] * x[i];
        }
        #pragma omp section
        {
            for (int i = 0; i < n; i++) {
                double v = fabs(x[i]);
                if (v > m)
                    m = v;
            }
        }
    }
    *l1 = a;
    *l2 = sqrt(b);
    *linf = m;
}
