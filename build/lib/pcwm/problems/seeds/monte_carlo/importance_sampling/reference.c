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

double tail_probability(long long nsamples, double a, unsigned long long seed, double *rel_err)
{
    double s1 = 0.0, s2 = 0.0;
    for (long long i = 0; i < nsamples; i++) {
        double u1 = ref_u01(seed + 2 * (uint64_t)i);
        double u2 = ref_u01(seed + 2 * (uint64_t)i + 1);
        double y = a + sqrt(-2.0 * log(1.0 - u1)) * cos(6.283185307179586 * u2);
        double w = y > a ? exp(-a * y + 0.5 * a * a) : 0.0;
        s1 += w;
        s2 += w * w;
    }
    double N = (double)nsamples;
    double est = s1 / N;
    *rel_err = sqrt((s2 / N - est * est) / N) / est;
    return est;
}
