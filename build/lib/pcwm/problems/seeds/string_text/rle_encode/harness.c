#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define rle_encode pcwm_reference_rle_encode
#include "reference.c"
#undef rle_encode
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
    long n = argc > 1 ? atol(argv[1]) : 150000;
    if (n < 1) n = 1;
    unsigned char *in = malloc(n);
    long i = 0;
    uint64_t k = 1;
    while (i < n) {
        uint64_t r = pcwm_mix(k++);
        long run = 1 + (long)(r % 8);
        if ((r >> 32) % 200 == 0) run = 500 + (long)((r >> 40) % 3000); /* occasional long run */
        unsigned char c = (unsigned char)("ACGT"[(r >> 8) % 4]);
        for (long j = 0; j < run && i < n; j++) in[i++] = c;
    }
    unsigned char *sr = malloc(n), *sc = malloc(n);
    int *lr = malloc(sizeof(int) * n), *lc = malloc(sizeof(int) * n);
    memset(sc, 0, n);
    memset(lc, 0, sizeof(int) * n);
    long rr = pcwm_reference_rle_encode(n, in, sr, lr);
    long rc = rle_encode(n, in, sc, lc);
    if (rc != rr) {
        printf("PCWM_CHECK FAIL %ld runs, expected %ld\n", rc, rr);
        return 1;
    }
    for (long r = 0; r < rr; r++) {
        if (sc[r] != sr[r] || lc[r] != lr[r]) {
            printf("PCWM_CHECK FAIL run %ld = (%c,%d), expected (%c,%d)\n", r, sc[r], lc[r], sr[r], lr[r]);
            return 1;
        }
    }
    free(in); free(sr); free(sc); free(lr); free(lc);
    printf("PCWM_CHECK PASS\n");
    return 0;
}
