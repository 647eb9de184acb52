// Strategy: padded per-thread accumulator slots over omp for; after its barrier a single thread combines and finalises.
#include <omp.h>
#include <stdint.h>
#include <stdlib.h>
#include <math.h>

#define ISP_STRIDE 8

static double isp_u01(uint64_t k)
{
    uint64_t z = k + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z = z ^ (z >> 31);
    return (double)(z >> 11) * 0x1.0p-53;
}

double tail_probability(long long nsamples, double a, unsigned long long seed, double *rel_err)
{
    double *slot = (double *)calloc((size_t)omp_get_max_threads() * ISP_STRIDE, sizeof(double));
    double est = 0.0;
    #pragma omp parallel
    {
        double *mine = slot + (size_t)omp_get_thread_num() * ISP_STRIDE;
        #pragma omp for schedule(static)
        for (long long i = 0; i < nsamples; i++) {
            double u1 = isp_u01(seed + 2 * (uint64_t)i);
            double u2 = isp_u01(seed + 2 * (uint64_t)i + 1);
            double y = a + sqrt(-2.0 * log(1.0 - u1)) * cos(6.283185307179586 * u2);
            double w = y > a ? exp(-a * y + 0.5 * a * a) : 0.0;
            mine[0] += w;
            mine[1] += w * w;
        }
        #pragma omp single
        {
            double s1 = 0.0, s2 = 0.0;
            for (int t = 0; t < omp_get_num_threads(); t++) {
                s1 += slot[(size_t)t * ISP_STRIDE];
                s2 += slot[(size_t)t * ISP_STRIDE + 1];
            }
            double N = (double)nsamples;
            est = s1 / N;
            *rel_err = sqrt((s2 / N - est * est) / N) / est;
        }
    }
    free(slot);
    return est;
}
