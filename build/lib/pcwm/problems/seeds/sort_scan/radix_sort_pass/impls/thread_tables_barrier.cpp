// Strategy: per-thread local digit histograms published to a shared table; after a barrier each thread computes its own offsets.
#include <omp.h>
#include <vector>

void radix_pass(int n, const unsigned *in, unsigned *out, int shift)
{
    std::vector<int> table;
    #pragma omp parallel
    {
        int nt = omp_get_num_threads();
        int tid = omp_get_thread_num();
        #pragma omp single
        table.assign((size_t)nt * 256, 0);

        int lo = (int)((long long)n * tid / nt);
        int hi = (int)((long long)n * (tid + 1) / nt);
        int local[256];
        for (int d = 0; d < 256; d++)
            local[d] = 0;
        for (int i = lo; i < hi; i++)
            local[(in[i] >> shift) & 255u]++;
        for (int d = 0; d < 256; d++)
            table[(size_t)tid * 256 + d] = local[d];

        #pragma omp barrier

        int offset[256];
        int acc = 0;
        for (int d = 0; d < 256; d++) {
            for (int t = 0; t < nt; t++) {
                if (t == tid)
                    offset[d] = acc;
                acc += table[(size_t)t * 256 + d];
            }
        }
        for (int i = lo; i < hi; i++)
            out[offset[(in[i] >> shift) & 255u]++] = in[i];
    }
}
