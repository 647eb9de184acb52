// Strategy: per-thread tally arrays over a dynamic omp for (nowait), merged into the output under critical.
#include <omp.h>
#include <stdint.h>
#include <math.h>

static uint64_t pht_mix(uint64_t x)
{
    uint64_t z = x + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static double pht_u01(uint64_t k)
{
    return (double)(pht_mix(k) >> 11) * 0x1.0p-53;
}

long long photon_slab(int nphotons, double thickness, double mu_s, double mu_a, unsigned long long seed,
                      long long *counts)
{
    double mu_t = mu_s + mu_a;
    long long total_events = 0;
    counts[0] = counts[1] = counts[2] = 0;
    #pragma omp parallel
    {
        long long tally[4] = {0, 0, 0, 0};
        #pragma omp for schedule(dynamic, 32) nowait
        for (int p = 0; p < nphotons; p++) {
            uint64_t base = pht_mix(seed + (uint64_t)p);
            uint64_t k = 0;
            double z = 0.0, mu = 1.0;
            int ev = 0;
            for (;;) {
                double step = -log(1.0 - pht_u01(base + k)) / mu_t;
                k++;
                z = z + mu * step;
                if (z < 0.0) {
                    tally[0]++;
                    break;
                }
                if (z > thickness) {
                    tally[1]++;
                    break;
                }
                ev++;
                double ua = pht_u01(base + k);
                k++;
                if (ua < mu_a / mu_t) {
                    tally[2]++;
                    break;
                }
                mu = 2.0 * pht_u01(base + k) - 1.0;
                k++;
                if (ev == 10000) {
                    tally[2]++;
                    break;
                }
            }
            tally[3] += ev;
        }
        #pragma omp critical(slab_tally)
        {
            counts[0] += tally[0];
            counts[1] += tally[1];
            counts[2] += tally[2];
            total_events += tally[3];
        }
    }
    return total_events;
}
