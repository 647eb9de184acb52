// Strategy: one thread spawns taskloops over fixed blocks (block sums, then offset rescans) with a serial scan between.
#include <omp.h>
#include <vector>

long long exclusive_scan(int n, const int *in, long long *out)
{
    const int nblocks = 96;
    const int bsize = (n + nblocks - 1) / nblocks;
    std::vector<long long> sums(nblocks, 0);
    long long total = 0;

    #pragma omp parallel
    #pragma omp single
    {
        #pragma omp taskloop grainsize(4)
        for (int b = 0; b < nblocks; b++) {
            int lo = b * bsize;
            int hi = lo + bsize < n ? lo + bsize : n;
            long long s = 0;
            for (int i = lo; i < hi; i++)
                s += in[i];
            sums[b] = s;
        }

        for (int b = 0; b < nblocks; b++) {
            long long s = sums[b];
            sums[b] = total;
            total += s;
        }

        #pragma omp taskloop grainsize(4)
        for (int b = 0; b < nblocks; b++) {
            int lo = b * bsize;
            int hi = lo + bsize < n ? lo + bsize : n;
            long long run = sums[b];
            for (int i = lo; i < hi; i++) {
                out[i] = run;
                run += in[i];
            }
        }
    }
    return total;
}
