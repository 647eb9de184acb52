// Strategy: a task per fixed block counts survivors, taskwait, serial scan of counts, a task per block scatters.
#include <omp.h>
#include <math.h>

#define SCB_NBLOCKS 64

int stream_compact(int n, const double *in, double *out, int *idx)
{
    int cnt[SCB_NBLOCKS];
    int total = 0;
    int bsize = (n + SCB_NBLOCKS - 1) / SCB_NBLOCKS;

    #pragma omp parallel
    #pragma omp single
    {
        for (int b = 0; b < SCB_NBLOCKS; b++) {
            #pragma omp task firstprivate(b) shared(cnt)
            {
                int lo = b * bsize;
                int hi = lo + bsize < n ? lo + bsize : n;
                int c = 0;
                for (int i = lo; i < hi; i++) {
                    double x = in[i];
                    if (x * cos(x) > 0.25)
                        c++;
                }
                cnt[b] = c;
            }
        }
        #pragma omp taskwait

        for (int b = 0; b < SCB_NBLOCKS; b++) {
            int c = cnt[b];
            cnt[b] = total;
            total += c;
        }

        for (int b = 0; b < SCB_NBLOCKS; b++) {
            #pragma omp task firstprivate(b) shared(cnt)
            {
                int lo = b * bsize;
                int hi = lo + bsize < n ? lo + bsize : n;
                int k = cnt[b];
                for (int i = lo; i < hi; i++) {
                    double x = in[i];
                    if (x * cos(x) > 0.25) {
                        out[k] = x;
                        idx[k] = i;
                        k++;
                    }
                }
            }
        }
    }
    return total;
}
