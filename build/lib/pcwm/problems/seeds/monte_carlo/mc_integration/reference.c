#include <stdint.h>
#include <math.h>

static uint64_t ref_splitmix64(uint64_t x)
{
    uint64_t z = x + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static double ref_u01(uint64_t k)
{
    return (double)(ref_splitmix64(k) >> 11) * 0x1.0p-53;
}

double mc_integrate(long long nsamples, unsigned long long seed)
{
    double sum = 0.0;
    for (long long i = 0; i < nsamples; i++) {
        double x = ref_u01(seed + 3 * (uint64_t)i);
        double y = ref_u01(seed + 3 * (uint64_t)i + 1);
        double z = ref_u01(seed + 3 * (uint64_t)i + 2);
        sum += exp(-(x * x + y * y + z * z)) * (1.0 + 0.5 * sin(6.0 * x * y * z));
    }
    return sum / (double)nsamples;
}
