// Strategy: parallel for; each sample's bin incremented atomically; maximum speed via reduction(max).
#include <math.h>
#include <omp.h>

double speed_histogram(int n, const double *vel, int nbins, double vmax, long *hist)
{
    double smax = 0.0;
    for (int b = 0; b < nbins; b++) hist[b] = 0;
#pragma omp parallel for schedule(static) reduction(max : smax)
    for (int i = 0; i < n; i++) {
        const double *v = vel + 3 * i;
        double s = sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        int b = (int)(s / vmax * nbins);
        if (b >= nbins) b = nbins - 1;
#pragma omp atomic
        hist[b] += 1;
        smax = s > smax ? s : smax;
    }
    return smax;
}
