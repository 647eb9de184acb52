// Strategy: parallel for over rolls; array-section reduction on the histogram, scalar reduction on the all-equal count.
#include <omp.h>
#include <stdint.h>

static uint64_t dsa_mix(uint64_t x)
{
    uint64_t z = x + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

long long dice_sums(long long nrolls, int ndice, unsigned long long seed, long long *hist)
{
    int nb = 6 * ndice + 1;
    for (int s = 0; s < nb; s++)
        hist[s] = 0;
    long long same = 0;
    #pragma omp parallel for schedule(static) reduction(+ : hist[:nb], same)
    for (long long r = 0; r < nrolls; r++) {
        int sum = 0, lo = 7, hi = 0;
        for (int d = 0; d < ndice; d++) {
            int face = 1 + (int)(dsa_mix(seed + (uint64_t)r * ndice + d) % 6);
            sum += face;
            lo = face < lo ? face : lo;
            hi = face > hi ? face : hi;
        }
        hist[sum]++;
        same += lo == hi;
    }
    return same;
}
