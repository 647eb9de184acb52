// Strategy: parallel for writes each value's bin id to scratch, then a dynamic parallel for over bins counts each bin.
#include <omp.h>
#include <vector>

void float_bins(int n, const double *x, double lo, double hi, int nbins, int *counts)
{
    std::vector<int> id(n > 0 ? n : 1);
    #pragma omp parallel
    {
        #pragma omp for schedule(static)
        for (int i = 0; i < n; i++) {
            double v = x[i];
            int slot;
            if (v < lo) {
                slot = 0;
            } else if (v >= hi) {
                slot = nbins + 1;
            } else {
                int b = (int)((v - lo) / (hi - lo) * nbins);
                slot = 1 + (b > nbins - 1 ? nbins - 1 : b);
            }
            id[i] = slot;
        }

        #pragma omp for schedule(dynamic, 1)
        for (int b = 0; b < nbins + 2; b++) {
            int c = 0;
            for (int i = 0; i < n; i++)
                c += id[i] == b;
            counts[b] = c;
        }
    }
}
