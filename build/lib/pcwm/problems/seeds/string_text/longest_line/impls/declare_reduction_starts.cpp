// Strategy: parallel for over line starts; a declare-reduction combiner keeps the longest (earliest on ties) line.
#include <omp.h>

struct LlBest {
    long len;
    long start;
};

static inline LlBest ll_pick(const LlBest &a, const LlBest &b)
{
    if (a.len != b.len) return a.len > b.len ? a : b;
    return a.start <= b.start ? a : b;
}

#pragma omp declare reduction(ll_longer : LlBest : omp_out = ll_pick(omp_out, omp_in)) initializer(omp_priv = LlBest{-1, 0})

long longest_line(long n, const char *text, long *start)
{
    LlBest best{-1, 0};
#pragma omp parallel for schedule(dynamic, 2048) reduction(ll_longer : best)
    for (long i = 0; i <= n; i++) {
        if (i > 0 && text[i - 1] != '\n') continue; /* not a line start */
        long j = i;
        while (j < n && text[j] != '\n') j++;
        best = ll_pick(best, LlBest{j - i, i});
    }
    *start = best.start;
    return best.len;
}
