// Strategy: per-thread blocked segmented scan, single thread chains block carries, threads fix up their leading segment.
#include <omp.h>
#include <stdlib.h>

void segmented_scan(int n, const int *val, const unsigned char *head, long long *out)
{
    long long *tail = NULL, *carry = NULL;
    int *has_head = NULL;
    #pragma omp parallel
    {
        int nt = omp_get_num_threads();
        int tid = omp_get_thread_num();
        #pragma omp single
        {
            tail = (long long *)malloc(sizeof(long long) * (size_t)nt);
            carry = (long long *)malloc(sizeof(long long) * (size_t)nt);
            has_head = (int *)malloc(sizeof(int) * (size_t)nt);
        }
        int lo = (int)((long long)n * tid / nt);
        int hi = (int)((long long)n * (tid + 1) / nt);
        long long run = 0;
        int first_head = hi;
        for (int i = lo; i < hi; i++) {
            if (head[i] || i == 0) {
                run = 0;
                if (first_head == hi)
                    first_head = i;
            }
            run += val[i];
            out[i] = run;
        }
        tail[tid] = run;
        has_head[tid] = first_head < hi;

        #pragma omp barrier

        #pragma omp single
        {
            long long c = 0;
            for (int t = 0; t < nt; t++) {
                carry[t] = c;
                c = has_head[t] ? tail[t] : c + tail[t];
            }
        }

        long long cin = carry[tid];
        if (cin != 0)
            for (int i = lo; i < first_head; i++)
                out[i] += cin;
    }
    free(tail);
    free(carry);
    free(has_head);
}
