// Strategy: each position tests whether a word starts there; reduction(+) counts, reduction(max) tracks the length.
#include <omp.h>

static int wcs_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

long word_count(long n, const char *text, int *longest)
{
    long words = 0;
    int best = 0;
    long j;
#pragma omp parallel for schedule(static) private(j) reduction(+ : words) reduction(max : best)
    for (long i = 0; i < n; i++) {
        if (wcs_space(text[i]) || (i > 0 && !wcs_space(text[i - 1]))) continue;
        words++;
        j = i;
        while (j < n && !wcs_space(text[j])) j++;
        if (j - i > best) best = (int)(j - i);
    }
    *longest = best;
    return words;
}
