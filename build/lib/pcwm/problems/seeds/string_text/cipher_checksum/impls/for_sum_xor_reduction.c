// Strategy: parallel for over bytes; weighted sum via reduction(+), shifted XOR via reduction(^).
#include <omp.h>

unsigned long long cipher_checksum(long n, const unsigned char *in, const unsigned char *key, int klen, int shift,
                                   unsigned char *out)
{
    unsigned long long s = 0, x = 0;
    unsigned char c;
#pragma omp parallel for schedule(static) private(c) reduction(+ : s) reduction(^ : x)
    for (long i = 0; i < n; i++) {
        c = in[i];
        if (c >= 'a' && c <= 'z') c = (unsigned char)('a' + (c - 'a' + shift) % 26);
        else if (c >= 'A' && c <= 'Z') c = (unsigned char)('A' + (c - 'A' + shift) % 26);
        c ^= key[i % klen];
        out[i] = c;
        s += (unsigned long long)c * (unsigned long long)(i % 251 + 1);
        x ^= (unsigned long long)c << (8 * (i % 4));
    }
    return s ^ (x << 32);
}
