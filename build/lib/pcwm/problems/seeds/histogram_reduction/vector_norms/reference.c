#include <math.h>

void vector_norms(int n, const double *x, double *l1, double *l2, double *linf)
{
    double a = 0.0, b = 0.0, m = 0.0;
    for (int i = 0; i < n; i++) {
        double v = fabs(x[i]);
        a += v;
        b += v * v;
        if (v > m)
            m = v;
    }
    *l1 = a;
    *l2 = sqrt(b);
    *linf = m;
}
