// Strategy: Blelloch work-efficient tree scan; each up-sweep/down-sweep level is an omp for inside one region.
#include <omp.h>
#include <vector>

long long exclusive_scan(int n, const int *in, long long *out)
{
    long long m = 1;
    while (m < n)
        m <<= 1;
    std::vector<long long> work((size_t)m, 0);
    long long total = 0;

    #pragma omp parallel
    {
        #pragma omp for schedule(static)
        for (long long i = 0; i < m; i++)
            work[i] = i < n ? in[i] : 0;

        for (long long d = 1; d < m; d <<= 1) {
            long long stride = 2 * d;
            #pragma omp for schedule(static)
            for (long long k = stride - 1; k < m; k += stride)
                work[k] += work[k - d];
        }

        #pragma omp single
        {
            total = work[m - 1];
            work[m - 1] = 0;
        }

        for (long long d = m / 2; d >= 1; d >>= 1) {
            long long stride = 2 * d;
            #pragma omp for schedule(static)
            for (long long k = stride - 1; k < m; k += stride) {
                long long left = work[k - d];
                work[k - d] = work[k];
                work[k] += left;
            }
        }

        #pragma omp for schedule(static)
        for (int i = 0; i < n; i++)
            out[i] = work[i];
    }
    return total;
}
