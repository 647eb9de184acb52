// Strategy: array-section reduction on the histogram plus reduction(max) on the speed, single worksharing loop.
#include <math.h>
#include <omp.h>

double speed_histogram(int n, const double *vel, int nbins, double vmax, long *hist)
{
    double smax = 0.0;
    for (int b = 0; b < nbins; b++) hist[b] = 0;
#pragma omp parallel for schedule(guided) reduction(+ : hist[:nbins]) reduction(max : smax)
    for (int i = 0; i < n; i++) {
        double s = sqrt(vel[3 * i] * vel[3 * i] + vel[3 * i + 1] * vel[3 * i + 1] + vel[3 * i + 2] * vel[3 * i + 2]);
        int b = (int)(s / vmax * nbins);
        if (b >= nbins) b = nbins - 1;
        hist[b]++;
        if (s > smax) smax = s;
    }
    return smax;
}
