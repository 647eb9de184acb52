// Strategy: static parallel for over walkers; reduction(+) for the displacement sum, omp atomic for histogram bins.
#include <omp.h>
#include <stdint.h>

static uint64_t rws_mix(uint64_t x)
{
    uint64_t z = x + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

double random_walks(int nwalkers, int nsteps, unsigned long long seed, int *endx, int *endy, long long *dist_hist,
                    int nbins)
{
    for (int b = 0; b < nbins; b++)
        dist_hist[b] = 0;
    double sq = 0.0;
    #pragma omp parallel for schedule(static) reduction(+ : sq)
    for (int w = 0; w < nwalkers; w++) {
        int x = 0, y = 0;
        uint64_t base = seed + (uint64_t)w * nsteps;
        for (int s = 0; s < nsteps; s++) {
            switch (rws_mix(base + s) & 3) {
            case 0: x++; break;
            case 1: x--; break;
            case 2: y++; break;
            default: y--; break;
            }
        }
        endx[w] = x;
        endy[w] = y;
        int dist = (x < 0 ? -x : x) + (y < 0 ? -y : y);
        int bin = dist < nbins - 1 ? dist : nbins - 1;
        #pragma omp atomic
        dist_hist[bin]++;
        sq += (double)x * x + (double)y * y;
    }
    return sq / nwalkers;
}
