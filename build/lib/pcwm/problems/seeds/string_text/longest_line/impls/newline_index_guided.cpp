// Strategy: per-thread newline counts, barrier, single offsets, stable fill of line starts; guided loop over lines.
#include <omp.h>
#include <vector>

long longest_line(long n, const char *text, long *start)
{
    const int nt = omp_get_max_threads();
    std::vector<long> cnt(nt + 1, 0), bestlen(nt, -1), beststart(nt, 0);
    std::vector<long> starts; /* line start offsets, ascending; sized by the single thread */
    long nlines = 0;
#pragma omp parallel num_threads(nt)
    {
        const int tid = omp_get_thread_num(), team = omp_get_num_threads();
        const long lo = n * tid / team, hi = n * (tid + 1) / team;
        long c = 0;
        for (long i = lo; i < hi; i++) c += text[i] == '\n';
        cnt[tid + 1] = c;
#pragma omp barrier
#pragma omp single
        {
            for (int t = 0; t < team; t++) cnt[t + 1] += cnt[t];
            nlines = cnt[team] + 1;
            starts.assign(nlines, 0);
        }
        long k = cnt[tid] + 1; /* line 0 starts at offset 0 */
        for (long i = lo; i < hi; i++)
            if (text[i] == '\n') starts[k++] = i + 1;
#pragma omp barrier
#pragma omp for schedule(guided)
        for (long l = 0; l < nlines; l++) {
            long end = l + 1 < nlines ? starts[l + 1] - 1 : n;
            long len = end - starts[l];
            if (len > bestlen[tid]) { /* lines visited in increasing order within a thread's chunks */
                bestlen[tid] = len;
                beststart[tid] = starts[l];
            }
        }
    }
    long best = -1, bs = 0;
    for (int t = 0; t < nt; t++)
        if (bestlen[t] > best || (bestlen[t] == best && beststart[t] < bs)) {
            best = bestlen[t];
            bs = beststart[t];
        }
    *start = bs;
    return best;
}
