// Strategy: per-thread private histogram filled in an omp for nowait, merged into the result under omp critical.
#include <omp.h>
#include <stdlib.h>

void int_histogram(int n, const int *data, int nbins, long long *hist)
{
    for (int b = 0; b < nbins; b++)
        hist[b] = 0;
    #pragma omp parallel
    {
        long long *local = (long long *)calloc((size_t)nbins, sizeof(long long));
        #pragma omp for schedule(static) nowait
        for (int i = 0; i < n; i++)
            local[data[i]]++;
        #pragma omp critical(int_hist_merge)
        {
            for (int b = 0; b < nbins; b++)
                hist[b] += local[b];
        }
        free(local);
    }
}
