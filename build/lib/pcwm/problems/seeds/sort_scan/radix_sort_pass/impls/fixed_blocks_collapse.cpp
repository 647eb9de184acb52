// Strategy: fixed blocks; block histograms, per-digit block offsets, serial digit bases, collapse(2) fix-up, block scatter.
#include <omp.h>
#include <vector>

void radix_pass(int n, const unsigned *in, unsigned *out, int shift)
{
    const int nb = 48;
    const int bsize = (n + nb - 1) / nb;
    std::vector<int> offs((size_t)nb * 256, 0);
    std::vector<int> total(256, 0), base(256, 0);

    #pragma omp parallel for schedule(static)
    for (int b = 0; b < nb; b++) {
        int lo = b * bsize;
        int hi = lo + bsize < n ? lo + bsize : n;
        int *h = &offs[(size_t)b * 256];
        for (int i = lo; i < hi; i++)
            h[(in[i] >> shift) & 255u]++;
    }

    #pragma omp parallel for schedule(static)
    for (int d = 0; d < 256; d++) {
        int run = 0;
        for (int b = 0; b < nb; b++) {
            int c = offs[(size_t)b * 256 + d];
            offs[(size_t)b * 256 + d] = run;
            run += c;
        }
        total[d] = run;
    }

    int acc = 0;
    for (int d = 0; d < 256; d++) {
        base[d] = acc;
        acc += total[d];
    }

    #pragma omp parallel for collapse(2) schedule(static)
    for (int b = 0; b < nb; b++)
        for (int d = 0; d < 256; d++)
            offs[(size_t)b * 256 + d] += base[d];

    #pragma omp parallel for schedule(dynamic, 4)
    for (int b = 0; b < nb; b++) {
        int lo = b * bsize;
        int hi = lo + bsize < n ? lo + bsize : n;
        int *o = &offs[(size_t)b * 256];
        for (int i = lo; i < hi; i++)
            out[o[(in[i] >> shift) & 255u]++] = in[i];
    }
}
