// Strategy: parallel for over values, each bin protected by its own omp_lock_t.
#include <omp.h>
#include <vector>

void float_bins(int n, const double *x, double lo, double hi, int nbins, int *counts)
{
    std::vector<omp_lock_t> locks(nbins + 2);
    for (int b = 0; b < nbins + 2; b++) {
        omp_init_lock(&locks[b]);
        counts[b] = 0;
    }

    #pragma omp parallel for schedule(static, 512)
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
        omp_set_lock(&locks[slot]);
        counts[slot]++;
        omp_unset_lock(&locks[slot]);
    }

    for (int b = 0; b < nbins + 2; b++)
        omp_destroy_lock(&locks[b]);
}
