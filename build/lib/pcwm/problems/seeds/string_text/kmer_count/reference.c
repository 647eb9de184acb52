void kmer_count(long n, const char *dna, int k, long *counts)
{
    long size = 1L << (2 * k);
    for (long c = 0; c < size; c++) counts[c] = 0;
    for (long i = 0; i + k <= n; i++) {
        long code = 0;
        for (int j = 0; j < k; j++) {
            char b = dna[i + j];
            int e = b == 'A' ? 0 : (b == 'C' ? 1 : (b == 'G' ? 2 : 3));
            code = code * 4 + e;
        }
        counts[code]++;
    }
}
