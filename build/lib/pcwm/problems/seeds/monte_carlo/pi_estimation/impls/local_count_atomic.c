// Strategy: private per-thread hit counter over a chunked omp for (nowait), added to the total with omp atomic.
#include <omp.h>
#include <stdint.h>

static uint64_t pia_mix(uint64_t x)
{
    uint64_t z = x + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static double pia_u01(uint64_t k)
{
    return (double)(pia_mix(k) >> 11) * 0x1.0p-53;
}

long long pi_hits(long long nsamples, unsigned long long seed)
{
    long long total = 0;
    #pragma omp parallel
    {
        long long mine = 0;
        #pragma omp for schedule(static, 4096) nowait
        for (long long i = 0; i < nsamples; i++) {
            double x = pia_u01(seed + 2 * (uint64_t)i);
            double y = pia_u01(seed + 2 * (uint64_t)i + 1);
            mine += (x * x + y * y < 1.0);
        }
        #pragma omp atomic update
        total += mine;
    }
    return total;
}
