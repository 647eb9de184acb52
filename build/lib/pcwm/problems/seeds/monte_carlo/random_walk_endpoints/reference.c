#include <stdint.h>

static uint64_t ref_splitmix64(uint64_t x)
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
    for (int w = 0; w < nwalkers; w++) {
        int x = 0, y = 0;
        for (int s = 0; s < nsteps; s++) {
            uint64_t d = ref_splitmix64(seed + (uint64_t)w * nsteps + s) & 3;
            if (d == 0) x++;
            else if (d == 1) x--;
            else if (d == 2) y++;
            else y--;
        }
        endx[w] = x;
        endy[w] = y;
        int dist = (x < 0 ? -x : x) + (y < 0 ? -y : y);
        dist_hist[dist < nbins - 1 ? dist : nbins - 1]++;
        sq += (double)x * x + (double)y * y;
    }
    return sq / nwalkers;
}
