// Strategy: thread-private histograms over omp for nowait, merged under an omp_lock_t; all-equal count via omp atomic.
#include <omp.h>
#include <stdint.h>
#include <stdlib.h>

static uint64_t dsl_mix(uint64_t x)
{
    uint64_t z = x + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

long long dice_sums(long long nrolls, int ndice, unsigned long long seed, long long *hist)
{
    int nb = 6 * ndice + 1;
    long long same = 0;
    omp_lock_t merge_lock;
    omp_init_lock(&merge_lock);
    for (int s = 0; s < nb; s++)
        hist[s] = 0;

    #pragma omp parallel
    {
        long long *mine = (long long *)calloc((size_t)nb, sizeof(long long));
        long long my_same = 0;
        #pragma omp for schedule(dynamic, 500) nowait
        for (long long r = 0; r < nrolls; r++) {
            int sum = 0, first = -1, eq = 1;
            for (int d = 0; d < ndice; d++) {
                int face = 1 + (int)(dsl_mix(seed + (uint64_t)r * ndice + d) % 6);
                if (first < 0)
                    first = face;
                eq &= face == first;
                sum += face;
            }
            mine[sum]++;
            my_same += eq;
        }
        omp_set_lock(&merge_lock);
        for (int s = 0; s < nb; s++)
            hist[s] += mine[s];
        omp_unset_lock(&merge_lock);
        #pragma omp atomic
        same += my_same;
        free(mine);
    }
    omp_destroy_lock(&merge_lock);
    return same;
}
