// Strategy: each thread scans its own chunk (words starting inside it), stores results in its slot; single combines.
#include <omp.h>
#include <stdlib.h>

static int wct_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

long word_count(long n, const char *text, int *longest)
{
    int nt = omp_get_max_threads();
    long *cnt = malloc(sizeof(long) * nt);
    int *len = malloc(sizeof(int) * nt);
    long words = 0;
    int best = 0;
#pragma omp parallel num_threads(nt)
    {
        int tid = omp_get_thread_num(), team = omp_get_num_threads();
        long lo = n * tid / team, hi = n * (tid + 1) / team;
        long c = 0;
        int b = 0;
        long i = lo;
        /* a word already running at lo belongs to the previous chunk */
        if (i > 0)
            while (i < hi && !wct_space(text[i - 1]) && !wct_space(text[i])) i++;
        while (i < hi) {
            if (wct_space(text[i])) {
                i++;
                continue;
            }
            long j = i;
            while (j < n && !wct_space(text[j])) j++; /* may run past hi */
            c++;
            if (j - i > b) b = (int)(j - i);
            i = j;
        }
        cnt[tid] = c;
        len[tid] = b;
#pragma omp barrier
#pragma omp single
        {
            for (int t = 0; t < team; t++) {
                words += cnt[t];
                if (len[t] > best) best = len[t];
            }
        }
    }
    *longest = best;
    free(cnt);
    free(len);
    return words;
}
