/* Strategy: each thread writes its partial sum to its own padded slot; after a barrier one thread adds the slots. */
#include <math.h>
#include <omp.h>
#include <stdlib.h>

#define AXN_PAD 8

double axpy_norm(int n, double a, const double *x, double *y) {
    int nth = omp_get_max_threads();
    double *part = (double *)calloc((size_t)nth * AXN_PAD, sizeof(double));
    double total = 0.0;
    #pragma omp parallel num_threads(nth)
    {
        int t = omp_get_thread_num();
        double s = 0.0;
        #pragma omp for schedule(static)
        for (int i = 0; i < n; i++) {
            y[i] = a * x[i] + y[i];
            s += y[i] * y[i];
        }
        part[t * AXN_PAD] = s;
        #pragma omp barrier
        #pragma omp single
        {
            for (int k = 0; k < omp_get_num_threads(); k++)
                total += part[k * AXN_PAD];
        }
    }
    free(part);
    return sqrt(total);
}
