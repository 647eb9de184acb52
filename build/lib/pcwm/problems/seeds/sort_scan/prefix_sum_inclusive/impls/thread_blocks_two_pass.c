// Strategy: each thread scans its own contiguous block, publishes the block total, barrier, then adds its offset.
#include <omp.h>
#include <stdlib.h>

void prefix_sum_inclusive(int n, const long long *in, long long *out)
{
    long long *block_total = NULL;
    #pragma omp parallel
    {
        int nt = omp_get_num_threads();
        int tid = omp_get_thread_num();
        #pragma omp single
        block_total = (long long *)calloc((size_t)nt, sizeof(long long));

        int lo = (int)((long long)n * tid / nt);
        int hi = (int)((long long)n * (tid + 1) / nt);
        long long run = 0;
        for (int i = lo; i < hi; i++) {
            run += in[i];
            out[i] = run;
        }
        block_total[tid] = run;

        #pragma omp barrier

        long long offset = 0;
        for (int t = 0; t < tid; t++)
            offset += block_total[t];
        for (int i = lo; i < hi; i++)
            out[i] += offset;
    }
    free(block_total);
}
