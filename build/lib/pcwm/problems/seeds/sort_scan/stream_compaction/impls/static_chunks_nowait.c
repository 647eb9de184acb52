// Strategy: matching static-schedule loops; nowait counting loop, published counts, explicit barrier, offset scatter.
#include <omp.h>
#include <math.h>
#include <stdlib.h>

int stream_compact(int n, const double *in, double *out, int *idx)
{
    int *counts = (int *)calloc((size_t)omp_get_max_threads() + 1, sizeof(int));
    int total = 0;
    #pragma omp parallel
    {
        int tid = omp_get_thread_num();
        int nt = omp_get_num_threads();
        int mine = 0;
        #pragma omp for schedule(static) nowait
        for (int i = 0; i < n; i++) {
            double x = in[i];
            if (x * cos(x) > 0.25)
                mine++;
        }
        counts[tid] = mine;

        #pragma omp barrier

        int k = 0;
        for (int t = 0; t < tid; t++)
            k += counts[t];
        if (tid == nt - 1)
            total = k + mine;

        #pragma omp for schedule(static)
        for (int i = 0; i < n; i++) {
            double x = in[i];
            if (x * cos(x) > 0.25) {
                out[k] = x;
                idx[k] = i;
                k++;
            }
        }
    }
    free(counts);
    return total;
}
