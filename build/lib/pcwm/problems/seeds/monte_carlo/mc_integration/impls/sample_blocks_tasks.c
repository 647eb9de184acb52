// Strategy: one task per block of samples writing its block sum to a shared array; taskwait, then ordered summation.
#include <omp.h>
#include <stdint.h>
#include <stdlib.h>
#include <math.h>

#define MIT_BLOCK 5000

static double mit_u01(uint64_t k)
{
    uint64_t z = k + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z = z ^ (z >> 31);
    return (double)(z >> 11) * 0x1.0p-53;
}

double mc_integrate(long long nsamples, unsigned long long seed)
{
    long long nblocks = (nsamples + MIT_BLOCK - 1) / MIT_BLOCK;
    double *bsum = (double *)malloc(sizeof(double) * (size_t)(nblocks > 0 ? nblocks : 1));
    double sum = 0.0;
    #pragma omp parallel
    #pragma omp single
    {
        for (long long b = 0; b < nblocks; b++) {
            #pragma omp task firstprivate(b)
            {
                long long lo = b * MIT_BLOCK;
                long long hi = lo + MIT_BLOCK < nsamples ? lo + MIT_BLOCK : nsamples;
                double s = 0.0;
                for (long long i = lo; i < hi; i++) {
                    double x = mit_u01(seed + 3 * (uint64_t)i);
                    double y = mit_u01(seed + 3 * (uint64_t)i + 1);
                    double z = mit_u01(seed + 3 * (uint64_t)i + 2);
                    s += exp(-(x * x + y * y + z * z)) * (1.0 + 0.5 * sin(6.0 * x * y * z));
                }
                bsum[b] = s;
            }
        }
        #pragma omp taskwait
        for (long long b = 0; b < nblocks; b++)
            sum += bsum[b];
    }
    free(bsum);
    return sum / (double)nsamples;
}
