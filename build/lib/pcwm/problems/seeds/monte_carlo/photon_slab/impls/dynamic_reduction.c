// Strategy: dynamic parallel for over photons, reduction(+) on the four tallies.
#include <omp.h>
#include <stdint.h>
#include <math.h>

static uint64_t phd_mix(uint64_t x)
{
    uint64_t z = x + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static double phd_u01(uint64_t k)
{
    return (double)(phd_mix(k) >> 11) * 0x1.0p-53;
}

long long photon_slab(int nphotons, double thickness, double mu_s, double mu_a, unsigned long long seed,
                      long long *counts)
{
    double mu_t = mu_s + mu_a;
    long long refl = 0, trans = 0, absb = 0, events = 0;
    #pragma omp parallel for schedule(dynamic, 64) reduction(+ : refl, trans, absb, events)
    for (int p = 0; p < nphotons; p++) {
        uint64_t base = phd_mix(seed + (uint64_t)p);
        uint64_t k = 0;
        double z = 0.0, mu = 1.0;
        int ev = 0;
        for (;;) {
            double step = -log(1.0 - phd_u01(base + k++)) / mu_t;
            z = z + mu * step;
            if (z < 0.0) {
                refl++;
                break;
            }
            if (z > thickness) {
                trans++;
                break;
            }
            ev++;
            if (phd_u01(base + k++) < mu_a / mu_t) {
                absb++;
                break;
            }
            mu = 2.0 * phd_u01(base + k++) - 1.0;
            if (ev == 10000) {
                absb++;
                break;
            }
        }
        events += ev;
    }
    counts[0] = refl;
    counts[1] = trans;
    counts[2] = absb;
    return events;
}
