// Strategy: taskloop over fixed blocks; each block stores its partial sum/XOR in its own slot; folded in order after.
#include <omp.h>
#include <stdlib.h>

unsigned long long cipher_checksum(long n, const unsigned char *in, const unsigned char *key, int klen, int shift,
                                   unsigned char *out)
{
    const long bs = 4096;
    const long nb = (n + bs - 1) / bs;
    unsigned long long *ps = malloc(sizeof(unsigned long long) * (nb > 0 ? nb : 1));
    unsigned long long *px = malloc(sizeof(unsigned long long) * (nb > 0 ? nb : 1));
    long lastblock = -1;
#pragma omp parallel
#pragma omp single
#pragma omp taskloop grainsize(2) lastprivate(lastblock)
    for (long b = 0; b < nb; b++) {
        long lo = b * bs, hi = lo + bs < n ? lo + bs : n;
        unsigned long long s = 0, x = 0;
        for (long i = lo; i < hi; i++) {
            unsigned char c = in[i];
            if (c >= 'a' && c <= 'z') c = (unsigned char)('a' + (c - 'a' + shift) % 26);
            else if (c >= 'A' && c <= 'Z') c = (unsigned char)('A' + (c - 'A' + shift) % 26);
            c ^= key[i % klen];
            out[i] = c;
            s += (unsigned long long)c * (unsigned long long)(i % 251 + 1);
            x ^= (unsigned long long)c << (8 * (i % 4));
        }
        ps[b] = s;
        px[b] = x;
        lastblock = b;
    }
    unsigned long long s = 0, x = 0;
    for (long b = 0; b <= lastblock; b++) {
        s += ps[b];
        x ^= px[b];
    }
    free(ps);
    free(px);
    return s ^ (x << 32);
}
