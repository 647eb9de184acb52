// Strategy: serial list of segment starts, then dynamic parallel for over whole segments scanned sequentially.
#include <omp.h>
#include <stdlib.h>

void segmented_scan(int n, const int *val, const unsigned char *head, long long *out)
{
    if (n <= 0)
        return;
    int *start = (int *)malloc(sizeof(int) * ((size_t)n + 1));
    int nseg = 0;
    start[nseg++] = 0;
    for (int i = 1; i < n; i++)
        if (head[i])
            start[nseg++] = i;
    start[nseg] = n;

    #pragma omp parallel for schedule(dynamic, 4)
    for (int s = 0; s < nseg; s++) {
        long long run = 0;
        for (int i = start[s]; i < start[s + 1]; i++) {
            run += val[i];
            out[i] = run;
        }
    }
    free(start);
}
