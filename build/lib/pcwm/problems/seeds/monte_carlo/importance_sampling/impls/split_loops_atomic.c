// Strategy: two omp for loops over the two halves of the samples (first nowait); private sums merged with omp atomic.
#include <omp.h>
#include <stdint.h>
#include <math.h>

static double ish_u01(uint64_t k)
{
    uint64_t z = k + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z = z ^ (z >> 31);
    return (double)(z >> 11) * 0x1.0p-53;
}

static double ish_weight(long long i, double a, unsigned long long seed)
{
    double u1 = ish_u01(seed + 2 * (uint64_t)i);
    double u2 = ish_u01(seed + 2 * (uint64_t)i + 1);
    double y = a + sqrt(-2.0 * log(1.0 - u1)) * cos(6.283185307179586 * u2);
    return y > a ? exp(-a * y + 0.5 * a * a) : 0.0;
}

double tail_probability(long long nsamples, double a, unsigned long long seed, double *rel_err)
{
    double s1 = 0.0, s2 = 0.0;
    long long half = nsamples / 2;
    #pragma omp parallel
    {
        double p1 = 0.0, p2 = 0.0;
        #pragma omp for schedule(static) nowait
        for (long long i = 0; i < half; i++) {
            double w = ish_weight(i, a, seed);
            p1 += w;
            p2 += w * w;
        }
        #pragma omp for schedule(dynamic, 1000) nowait
        for (long long i = half; i < nsamples; i++) {
            double w = ish_weight(i, a, seed);
            p1 += w;
            p2 += w * w;
        }
        #pragma omp atomic
        s1 += p1;
        #pragma omp atomic
        s2 += p2;
    }
    double N = (double)nsamples;
    double est = s1 / N;
    *rel_err = sqrt((s2 / N - est * est) / N) / est;
    return est;
}
