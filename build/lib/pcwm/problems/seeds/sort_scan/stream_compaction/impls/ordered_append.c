// Strategy: parallel for ordered with dynamic schedule; predicate evaluated in parallel, appends inside omp ordered.
#include <omp.h>
#include <math.h>

int stream_compact(int n, const double *in, double *out, int *idx)
{
    int k = 0;
    #pragma omp parallel for ordered schedule(dynamic, 64)
    for (int i = 0; i < n; i++) {
        double x = in[i];
        int keep = x * cos(x) > 0.25;
        #pragma omp ordered
        {
            if (keep) {
                out[k] = x;
                idx[k] = i;
                k++;
            }
        }
    }
    return k;
}
