#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define hamming_matrix pcwm_reference_hamming_matrix
#include "reference.c"
#undef hamming_matrix
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
    int m = argc > 1 ? atoi(argv[1]) : 180;
    if (m < 2) m = 2;
    int len = 48;
    char *seqs = malloc((size_t)m * len);
    for (int i = 0; i < m; i++) {
        for (int k = 0; k < len; k++) seqs[i * len + k] = "ACGT"[pcwm_mix((uint64_t)i * len + k + 9) % 4];
        if (i % 5 == 4) { /* mutated copy of an earlier string */
            int src = (int)(pcwm_mix(i) % i);
            for (int k = 0; k < len; k++) seqs[i * len + k] = seqs[src * len + k];
            int muts = 2 + (int)(pcwm_mix(i + 100000) % 6);
            for (int q = 0; q < muts; q++) {
                int pos = (int)(pcwm_mix(i * 31 + q) % len);
                seqs[i * len + pos] = "ACGT"[(pcwm_mix(i * 37 + q) >> 5) % 4];
            }
        }
    }
    int *dr = malloc(sizeof(int) * m * m), *dc = malloc(sizeof(int) * m * m);
    for (int i = 0; i < m * m; i++) dc[i] = -1;
    int br = pcwm_reference_hamming_matrix(m, len, seqs, dr);
    int bc = hamming_matrix(m, len, seqs, dc);
    if (bc != br) {
        printf("PCWM_CHECK FAIL min distance %d, expected %d\n", bc, br);
        return 1;
    }
    for (int i = 0; i < m * m; i++) {
        if (dc[i] != dr[i]) {
            printf("PCWM_CHECK FAIL dist[%d][%d] = %d, expected %d\n", i / m, i % m, dc[i], dr[i]);
            return 1;
        }
    }
    free(seqs); free(dr); free(dc);
    printf("PCWM_CHECK PASS\n");
    return 0;
}
