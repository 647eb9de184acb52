#include <stdint.h>

static uint64_t ref_splitmix64(uint64_t x)
{
    uint64_t z = x + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

long long dice_sums(long long nrolls, int ndice, unsigned long long seed, long long *hist)
{
    for (int s = 0; s <= 6 * ndice; s++)
        hist[s] = 0;
    long long same = 0;
    for (long long r = 0; r < nrolls; r++) {
        int sum = 0, first = 0, all_equal = 1;
        for (int d = 0; d < ndice; d++) {
            int face = 1 + (int)(ref_splitmix64(seed + (uint64_t)r * ndice + d) % 6);
            if (d == 0)
                first = face;
            else if (face != first)
                all_equal = 0;
            sum += face;
        }
        hist[sum]++;
        same += all_equal;
    }
    return same;
}
