// Strategy: one task per chunk of bytes; each task folds its partial sum and XOR into shared totals under critical.
#include <omp.h>

static unsigned char ccx_shift(unsigned char c, int shift)
{
    if (c >= 'a' && c <= 'z') return (unsigned char)('a' + (c - 'a' + shift) % 26);
    if (c >= 'A' && c <= 'Z') return (unsigned char)('A' + (c - 'A' + shift) % 26);
    return c;
}

unsigned long long cipher_checksum(long n, const unsigned char *in, const unsigned char *key, int klen, int shift,
                                   unsigned char *out)
{
    unsigned long long s = 0, x = 0;
    const long chunk = n / 16 + 1;
#pragma omp parallel
#pragma omp single
    {
        for (long lo = 0; lo < n; lo += chunk) {
            long hi = lo + chunk < n ? lo + chunk : n;
#pragma omp task firstprivate(lo, hi) shared(s, x)
            {
                unsigned long long ps = 0, px = 0;
                for (long i = lo; i < hi; i++) {
                    unsigned char c = ccx_shift(in[i], shift) ^ key[i % klen];
                    out[i] = c;
                    ps += (unsigned long long)c * (unsigned long long)(i % 251 + 1);
                    px ^= (unsigned long long)c << (8 * (i % 4));
                }
#pragma omp critical(ccx_total)
                {
                    s += ps;
                    x ^= px;
                }
            }
        }
#pragma omp taskwait
    }
    return s ^ (x << 32);
}
