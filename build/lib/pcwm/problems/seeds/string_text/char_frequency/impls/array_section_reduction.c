// Strategy: one parallel loop over the bytes with an array-section reduction over the 256 counters.
#include <omp.h>

void char_frequency(long n, const unsigned char *text, long *freq)
{
    for (int b = 0; b < 256; b++) freq[b] = 0;
#pragma omp parallel for schedule(static) reduction(+ : freq[:256])
    for (long i = 0; i < n; i++) freq[text[i]]++;
}
