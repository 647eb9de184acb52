// Strategy: dynamic omp for over walkers with thread-private histograms merged under critical; msd via a second reduction loop.
#include <omp.h>
#include <stdint.h>
#include <stdlib.h>

static uint64_t rwd_mix(uint64_t x)
{
    uint64_t z = x + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

double random_walks(int nwalkers, int nsteps, unsigned long long seed, int *endx, int *endy, long long *dist_hist,
                    int nbins)
{
    double sq = 0.0;
    for (int b = 0; b < nbins; b++)
        dist_hist[b] = 0;
    #pragma omp parallel
    {
        long long *hist = (long long *)calloc((size_t)nbins, sizeof(long long));
        #pragma omp for schedule(dynamic, 16)
        for (int w = 0; w < nwalkers; w++) {
            int x = 0, y = 0;
            for (int s = 0; s < nsteps; s++) {
                uint64_t d = rwd_mix(seed + (uint64_t)w * nsteps + s) & 3;
                x += (d == 0) - (d == 1);
                y += (d == 2) - (d == 3);
            }
            endx[w] = x;
            endy[w] = y;
            int dist = abs(x) + abs(y);
            hist[dist < nbins - 1 ? dist : nbins - 1]++;
        }
        #pragma omp critical(rw_hist)
        for (int b = 0; b < nbins; b++)
            dist_hist[b] += hist[b];
        free(hist);

        #pragma omp for schedule(static) reduction(+ : sq)
        for (int w = 0; w < nwalkers; w++)
            sq += (double)endx[w] * endx[w] + (double)endy[w] * endy[w];
    }
    return sq / nwalkers;
}
