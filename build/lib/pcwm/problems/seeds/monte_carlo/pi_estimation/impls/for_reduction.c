// Strategy: parallel for over samples with reduction(+) on the hit counter.
#include <omp.h>
#include <stdint.h>

static uint64_t pif_mix(uint64_t x)
{
    uint64_t z = x + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

long long pi_hits(long long nsamples, unsigned long long seed)
{
    long long hits = 0;
    #pragma omp parallel for schedule(static) reduction(+ : hits)
    for (long long i = 0; i < nsamples; i++) {
        double x = (double)(pif_mix(seed + 2 * (uint64_t)i) >> 11) * 0x1.0p-53;
        double y = (double)(pif_mix(seed + 2 * (uint64_t)i + 1) >> 11) * 0x1.0p-53;
        if (x * x + y * y < 1.0)
            hits++;
    }
    return hits;
}
