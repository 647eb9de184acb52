// Strategy: thread-private std::vector bins over omp for nowait, merged into shared counts with omp atomic.
#include <omp.h>
#include <vector>

void float_bins(int n, const double *x, double lo, double hi, int nbins, int *counts)
{
    for (int b = 0; b < nbins + 2; b++)
        counts[b] = 0;
    #pragma omp parallel
    {
        std::vector<int> mine(nbins + 2, 0);
        #pragma omp for schedule(dynamic, 1000) nowait
        for (int i = 0; i < n; i++) {
            double v = x[i];
            if (v < lo) {
                mine[0]++;
            } else if (v >= hi) {
                mine[nbins + 1]++;
            } else {
                int b = (int)((v - lo) / (hi - lo) * nbins);
                mine[1 + (b > nbins - 1 ? nbins - 1 : b)]++;
            }
        }
        for (int b = 0; b < nbins + 2; b++) {
            if (mine[b] != 0) {
                #pragma omp atomic
                counts[b] += mine[b];
            }
        }
    }
}
