// Strategy: parallel for over start positions with reduction(+) on the count and reduction(min) on the first match.
#include <climits>
#include <omp.h>

long pattern_count(long n, const char *text, int m, const char *pat, long *first)
{
    long count = 0, lo = LONG_MAX;
    int k;
#pragma omp parallel for schedule(static) private(k) reduction(+ : count) reduction(min : lo)
    for (long i = 0; i <= n - m; i++) {
        for (k = 0; k < m; k++)
            if (text[i + k] != pat[k]) break;
        if (k == m) {
            count++;
            if (i < lo) lo = i;
        }
    }
    *first = count > 0 ? lo : -1;
    return count;
}
