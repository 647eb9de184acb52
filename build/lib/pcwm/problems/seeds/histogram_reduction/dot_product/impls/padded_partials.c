// Strategy: per-thread cache-line padded partial sums over omp for, summed by the master thread after a barrier.
#include <omp.h>
#include <stdlib.h>

#define DPP_PAD 8

double dot_product(int n, const double *x, const double *y)
{
    double *part = (double *)calloc((size_t)omp_get_max_threads() * DPP_PAD, sizeof(double));
    double s = 0.0;
    #pragma omp parallel
    {
        int tid = omp_get_thread_num();
        int nt = omp_get_num_threads();
        #pragma omp for schedule(static)
        for (int i = 0; i < n; i++)
            part[tid * DPP_PAD] += x[i] * y[i];
        #pragma omp master
        {
            for (int t = 0; t < nt; t++)
                s += part[t * DPP_PAD];
        }
    }
    free(part);
    return s;
}
