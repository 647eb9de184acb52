// Strategy: parallel for over positions; each k-mer code recomputed from scratch; atomic increment in the table.
#include <omp.h>

static int kma_enc(char b) { return b == 'A' ? 0 : (b == 'C' ? 1 : (b == 'G' ? 2 : 3)); }

void kmer_count(long n, const char *dna, int k, long *counts)
{
    const long size = 1L << (2 * k);
#pragma omp parallel
    {
#pragma omp for schedule(static)
        for (long c = 0; c < size; c++) counts[c] = 0;
#pragma omp for schedule(static)
        for (long i = 0; i <= n - k; i++) {
            long code = 0;
            for (int j = 0; j < k; j++) code = (code << 2) | kma_enc(dna[i + j]);
#pragma omp atomic
            counts[code]++;
        }
    }
}
