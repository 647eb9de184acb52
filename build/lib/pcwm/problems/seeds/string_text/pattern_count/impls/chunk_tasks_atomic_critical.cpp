// Strategy: one task per chunk of start positions; counts added atomically, earliest match lowered under critical.
#include <omp.h>

long pattern_count(long n, const char *text, int m, const char *pat, long *first)
{
    long count = 0, best = -1;
    const long starts = n - m + 1;
    const long chunk = starts / 16 + 1;
#pragma omp parallel
    {
#pragma omp single
        {
            for (long lo = 0; lo < starts; lo += chunk) {
                long hi = lo + chunk < starts ? lo + chunk : starts;
#pragma omp task firstprivate(lo, hi) shared(count, best)
                {
                    long c = 0, f = -1;
                    for (long i = lo; i < hi; i++) {
                        int k = 0;
                        while (k < m && text[i + k] == pat[k]) k++;
                        if (k == m) {
                            if (f < 0) f = i;
                            c++;
                        }
                    }
#pragma omp atomic
                    count += c;
                    if (f >= 0) {
#pragma omp critical(pc_first)
                        if (best < 0 || f < best) best = f;
                    }
                }
            }
#pragma omp taskwait
        }
    }
    *first = best;
    return count;
}
