// Strategy: each thread owns the lines that start in its chunk; its best line is merged under a critical section.
#include <omp.h>

long longest_line(long n, const char *text, long *start)
{
    long best = -1, best_start = 0;
#pragma omp parallel
    {
        const int tid = omp_get_thread_num(), team = omp_get_num_threads();
        const long lo = (n + 1) * tid / team, hi = (n + 1) * (tid + 1) / team; /* line starts range over 0..n */
        long my = -1, my_start = 0;
        long i = lo;
        while (i < hi) {
            if (i > 0 && text[i - 1] != '\n') {
                i++;
                continue;
            }
            long j = i;
            while (j < n && text[j] != '\n') j++;
            if (j - i > my) {
                my = j - i;
                my_start = i;
            }
            i = j + 1;
        }
#pragma omp critical(ll_merge)
        {
            if (my > best || (my == best && my_start < best_start)) {
                best = my;
                best_start = my_start;
            }
        }
    }
    *start = best_start;
    return best;
}
