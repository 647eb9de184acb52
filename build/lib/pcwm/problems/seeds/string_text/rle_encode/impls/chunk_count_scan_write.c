// Strategy: per-thread chunks count run starts, barrier, single makes exclusive offsets, each thread emits its runs.
#include <omp.h>
#include <stdlib.h>

long rle_encode(long n, const unsigned char *in, unsigned char *sym, int *len)
{
    int nt = omp_get_max_threads();
    long *off = calloc(nt + 1, sizeof(long));
    long total = 0;
#pragma omp parallel num_threads(nt)
    {
        int tid = omp_get_thread_num(), team = omp_get_num_threads();
        long lo = n * tid / team, hi = n * (tid + 1) / team;
        long starts = 0;
        for (long i = lo; i < hi; i++)
            if (i == 0 || in[i] != in[i - 1]) starts++;
        off[tid + 1] = starts;
#pragma omp barrier
#pragma omp single
        {
            for (int t = 0; t < team; t++) off[t + 1] += off[t];
            total = off[team];
        }
        long r = off[tid];
        for (long i = lo; i < hi; i++) {
            if (i > 0 && in[i] == in[i - 1]) continue;
            long j = i + 1;
            while (j < n && in[j] == in[i]) j++; /* a run may extend past this chunk */
            sym[r] = in[i];
            len[r] = (int)(j - i);
            r++;
        }
    }
    free(off);
    return total;
}
