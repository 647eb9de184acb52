// Strategy: private partial sum per thread over omp for nowait, merged into the shared sum in a critical section.
#include <omp.h>
#include <stdint.h>
#include <math.h>

static double mic_u01(uint64_t k)
{
    uint64_t z = k + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z = z ^ (z >> 31);
    return (double)(z >> 11) * 0x1.0p-53;
}

double mc_integrate(long long nsamples, unsigned long long seed)
{
    double sum = 0.0;
    #pragma omp parallel
    {
        double part = 0.0;
        double x, y, z;
        #pragma omp for schedule(static) nowait
        for (long long i = 0; i < nsamples; i++) {
            x = mic_u01(seed + 3 * (uint64_t)i);
            y = mic_u01(seed + 3 * (uint64_t)i + 1);
            z = mic_u01(seed + 3 * (uint64_t)i + 2);
            part += exp(-(x * x + y * y + z * z)) * (1.0 + 0.5 * sin(6.0 * x * y * z));
        }
        #pragma omp critical
        sum += part;
    }
    return sum / (double)nsamples;
}
