// Strategy: parallel for over the input with an atomic increment of the shared bin counter.
#include <omp.h>

void int_histogram(int n, const int *data, int nbins, long long *hist)
{
    #pragma omp parallel for schedule(static)
    for (int b = 0; b < nbins; b++)
        hist[b] = 0;

    #pragma omp parallel for schedule(static, 1024)
    for (int i = 0; i < n; i++) {
        #pragma omp atomic
        hist[data[i]] += 1;
    }
}
