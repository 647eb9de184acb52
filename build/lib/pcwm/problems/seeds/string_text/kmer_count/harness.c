#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define kmer_count pcwm_reference_kmer_count
#include "reference.c"
#undef kmer_count
#include PCWM_CANDIDATE

static uint64_t pcwm_mix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 120000;
    if (n < 1) n = 1;
    int k = 6;
    char *dna = malloc(n);
    for (long i = 0; i < n; i++) {
        uint64_t r = pcwm_mix(3 + (uint64_t)i) % 10; /* skewed: A 40%, C 10%, G 20%, T 30% */
        dna[i] = r < 4 ? 'A' : (r < 5 ? 'C' : (r < 7 ? 'G' : 'T'));
    }
    for (long i = 1000; i + 200 < n; i += 5000) /* copy a repeat element around */
        for (long j = 0; j < 200; j++) dna[i + j] = dna[j];
    long size = 1L << (2 * k);
    long *cr = malloc(sizeof(long) * size), *cc = malloc(sizeof(long) * size);
    for (long c = 0; c < size; c++) cc[c] = -9;
    pcwm_reference_kmer_count(n, dna, k, cr);
    kmer_count(n, dna, k, cc);
    for (long c = 0; c < size; c++) {
        if (cc[c] != cr[c]) {
            printf("PCWM_CHECK FAIL counts[%ld] = %ld, expected %ld\n", c, cc[c], cr[c]);
            return 1;
        }
    }
    free(dna); free(cr); free(cc);
    printf("PCWM_CHECK PASS\n");
    return 0;
}
