// Strategy: parallel for with an array-section reduction over the histogram.
#include <omp.h>

void int_histogram(int n, const int *data, int nbins, long long *hist)
{
    for (int b = 0; b < nbins; b++)
        hist[b] = 0;
    #pragma omp parallel for schedule(guided) reduction(+ : hist[:nbins])
    for (int i = 0; i < n; i++)
        hist[data[i]]++;
}
