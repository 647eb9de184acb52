/* Strategy: thread-local accumulation over a dynamically scheduled loop (nowait), then one atomic add per thread. */
#include <math.h>
#include <omp.h>

double axpy_norm(int n, double a, const double *x, double *y) {
    double total = 0.0;
    #pragma omp parallel
    {
        double s = 0.0;
        #pragma omp for schedule(dynamic, 1024) nowait
        for (int i = 0; i < n; i++) {
            double v = a * x[i] + y[i];
            y[i] = v;
            s += v * v;
        }
        #pragma omp atomic
        total += s;
    }
    return sqrt(total);
}
