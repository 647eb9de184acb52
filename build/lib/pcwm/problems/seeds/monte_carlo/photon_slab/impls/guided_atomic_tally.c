// Strategy: guided parallel for over photons; each history updates the shared tallies with omp atomic.
#include <omp.h>
#include <stdint.h>
#include <math.h>

static uint64_t phg_mix(uint64_t x)
{
    uint64_t z = x + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

long long photon_slab(int nphotons, double thickness, double mu_s, double mu_a, unsigned long long seed,
                      long long *counts)
{
    const double mu_t = mu_s + mu_a;
    const double p_abs = mu_a / mu_t;
    long long events = 0;
    counts[0] = counts[1] = counts[2] = 0;
    #pragma omp parallel for schedule(guided)
    for (int p = 0; p < nphotons; p++) {
        uint64_t base = phg_mix(seed + (uint64_t)p);
        uint64_t k = 0;
        double z = 0.0, mu = 1.0;
        int ev = 0, outcome;
        for (;;) {
            double u = (double)(phg_mix(base + k) >> 11) * 0x1.0p-53;
            k++;
            z = z + mu * (-log(1.0 - u) / mu_t);
            if (z < 0.0) {
                outcome = 0;
                break;
            }
            if (z > thickness) {
                outcome = 1;
                break;
            }
            ev++;
            u = (double)(phg_mix(base + k) >> 11) * 0x1.0p-53;
            k++;
            if (u < p_abs) {
                outcome = 2;
                break;
            }
            u = (double)(phg_mix(base + k) >> 11) * 0x1.0p-53;
            k++;
            mu = 2.0 * u - 1.0;
            if (ev == 10000) {
                outcome = 2;
                break;
            }
        }
        #pragma omp atomic
        counts[outcome]++;
        #pragma omp atomic
        events += ev;
    }
    return events;
}
