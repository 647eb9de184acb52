// Strategy: each thread rolls a 2-bit code over its own chunk into its own table; barrier; tables merged per entry.
#include <omp.h>
#include <stdlib.h>

void kmer_count(long n, const char *dna, int k, long *counts)
{
    const long size = 1L << (2 * k), mask = size - 1;
    const long npos = n - k + 1 > 0 ? n - k + 1 : 0;
    int nt = omp_get_max_threads();
    long *tabs = calloc((size_t)nt * size, sizeof(long));
#pragma omp parallel num_threads(nt)
    {
        int tid = omp_get_thread_num(), team = omp_get_num_threads();
        long lo = npos * tid / team, hi = npos * (tid + 1) / team;
        long *mine = tabs + (size_t)tid * size;
        if (lo < hi) {
            long code = 0;
            for (long i = lo; i < lo + k - 1; i++) {
                char b = dna[i];
                code = (code << 2) | (b == 'A' ? 0 : b == 'C' ? 1 : b == 'G' ? 2 : 3);
            }
            for (long i = lo; i < hi; i++) {
                char b = dna[i + k - 1];
                code = ((code << 2) | (b == 'A' ? 0 : b == 'C' ? 1 : b == 'G' ? 2 : 3)) & mask;
                mine[code]++;
            }
        }
#pragma omp barrier
#pragma omp for schedule(static)
        for (long c = 0; c < size; c++) {
            long s = 0;
            for (int t = 0; t < team; t++) s += tabs[(size_t)t * size + c];
            counts[c] = s;
        }
    }
    free(tabs);
}
