// Strategy: self-scheduling; threads claim sample chunks from a shared counter via atomic capture, merge under critical.
#include <omp.h>
#include <stdint.h>

#define PIC_CHUNK 2000

static double pic_u01(uint64_t k)
{
    uint64_t z = k + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z = z ^ (z >> 31);
    return (double)(z >> 11) * 0x1.0p-53;
}

long long pi_hits(long long nsamples, unsigned long long seed)
{
    long long next = 0;
    long long total = 0;
    #pragma omp parallel
    {
        long long mine = 0;
        for (;;) {
            long long start;
            #pragma omp atomic capture
            {
                start = next;
                next += PIC_CHUNK;
            }
            if (start >= nsamples)
                break;
            long long stop = start + PIC_CHUNK < nsamples ? start + PIC_CHUNK : nsamples;
            for (long long i = start; i < stop; i++) {
                double x = pic_u01(seed + 2 * (uint64_t)i);
                double y = pic_u01(seed + 2 * (uint64_t)i + 1);
                if (x * x + y * y < 1.0)
                    mine++;
            }
        }
        #pragma omp critical(pi_total)
        total += mine;
    }
    return total;
}
