// Strategy: per-thread rows of a shared count table (nowait fill), explicit barrier, parallel merge over byte values.
#include <omp.h>
#include <stdlib.h>

void char_frequency(long n, const unsigned char *text, long *freq)
{
    int nt = omp_get_max_threads();
    long *tab = calloc((size_t)nt * 256, sizeof(long));
#pragma omp parallel num_threads(nt)
    {
        long *mine = tab + 256 * (size_t)omp_get_thread_num();
        int team = omp_get_num_threads();
#pragma omp for schedule(static, 4096) nowait
        for (long i = 0; i < n; i++) mine[text[i]]++;
#pragma omp barrier
#pragma omp for schedule(static)
        for (int b = 0; b < 256; b++) {
            long s = 0;
            for (int t = 0; t < team; t++) s += tab[256 * (size_t)t + b];
            freq[b] = s;
        }
    }
    free(tab);
}
