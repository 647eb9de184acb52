// Strategy: fixed blocks; omp for block sums, omp single exclusive scan of sums, omp for (dynamic) final rescan.
#include <omp.h>
#include <stdlib.h>

#define PSI_NBLOCKS 64

void prefix_sum_inclusive(int n, const long long *in, long long *out)
{
    long long sums[PSI_NBLOCKS];
    int bsize = (n + PSI_NBLOCKS - 1) / PSI_NBLOCKS;

    #pragma omp parallel
    {
        #pragma omp for schedule(static)
        for (int b = 0; b < PSI_NBLOCKS; b++) {
            int lo = b * bsize;
            int hi = lo + bsize < n ? lo + bsize : n;
            long long s = 0;
            for (int i = lo; i < hi; i++)
                s += in[i];
            sums[b] = s;
        }

        #pragma omp single
        {
            long long acc = 0;
            for (int b = 0; b < PSI_NBLOCKS; b++) {
                long long s = sums[b];
                sums[b] = acc;
                acc += s;
            }
        }

        #pragma omp for schedule(dynamic, 2)
        for (int b = 0; b < PSI_NBLOCKS; b++) {
            int lo = b * bsize;
            int hi = lo + bsize < n ? lo + bsize : n;
            long long run = sums[b];
            for (int i = lo; i < hi; i++) {
                run += in[i];
                out[i] = run;
            }
        }
    }
}
