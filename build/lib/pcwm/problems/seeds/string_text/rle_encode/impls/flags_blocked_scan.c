// Strategy: flag run starts, blocked inclusive scan (two static loops + single), scatter starts, then lengths.
#include <omp.h>
#include <stdlib.h>

long rle_encode(long n, const unsigned char *in, unsigned char *sym, int *len)
{
    int nt = omp_get_max_threads();
    long *pos = malloc(sizeof(long) * n);         /* inclusive count of run starts up to i */
    long *start = malloc(sizeof(long) * (n + 1)); /* start index of each run */
    long *blk = calloc(nt + 1, sizeof(long));
    long runs = 0;
#pragma omp parallel num_threads(nt)
    {
        int tid = omp_get_thread_num();
        long acc = 0;
        /* both loops below use the same static schedule, so thread tid sees the same index block */
#pragma omp for schedule(static)
        for (long i = 0; i < n; i++) {
            acc += (i == 0 || in[i] != in[i - 1]);
            pos[i] = acc;
        }
        blk[tid + 1] = acc;
#pragma omp barrier
#pragma omp single
        {
            for (int t = 0; t < omp_get_num_threads(); t++) blk[t + 1] += blk[t];
            runs = blk[omp_get_num_threads()];
            start[runs] = n;
        }
        long base = blk[tid];
#pragma omp for schedule(static)
        for (long i = 0; i < n; i++) {
            pos[i] += base;
            if (i == 0 || in[i] != in[i - 1]) {
                start[pos[i] - 1] = i;
                sym[pos[i] - 1] = in[i];
            }
        }
#pragma omp for schedule(static)
        for (long r = 0; r < runs; r++) len[r] = (int)(start[r + 1] - start[r]);
    }
    free(pos);
    free(start);
    free(blk);
    return runs;
}
