// Strategy: thread-local histogram and max filled by a nowait loop, then merged into the shared result in a critical.
#include <math.h>
#include <omp.h>
#include <stdlib.h>

double speed_histogram(int n, const double *vel, int nbins, double vmax, long *hist)
{
    double smax = 0.0;
#pragma omp parallel
    {
        long *local = calloc(nbins, sizeof(long));
        double lmax = 0.0;
#pragma omp for schedule(static)
        for (int b = 0; b < nbins; b++) hist[b] = 0;
#pragma omp for schedule(dynamic, 1024) nowait
        for (int i = 0; i < n; i++) {
            double s = sqrt(vel[3 * i] * vel[3 * i] + vel[3 * i + 1] * vel[3 * i + 1] + vel[3 * i + 2] * vel[3 * i + 2]);
            int b = (int)(s / vmax * nbins);
            local[b < nbins ? b : nbins - 1]++;
            if (s > lmax) lmax = s;
        }
#pragma omp critical(spdh_merge)
        {
            for (int b = 0; b < nbins; b++) hist[b] += local[b];
            if (lmax > smax) smax = lmax;
        }
        free(local);
    }
    return smax;
}
