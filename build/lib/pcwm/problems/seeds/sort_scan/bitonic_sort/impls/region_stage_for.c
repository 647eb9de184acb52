// Strategy: one region, every network stage an omp for over elements; implicit barriers separate stages.
#include <omp.h>

void bitonic_sort(int n, float *a)
{
    #pragma omp parallel
    {
        for (int k = 2; k <= n; k <<= 1) {
            for (int j = k >> 1; j > 0; j >>= 1) {
                #pragma omp for schedule(static)
                for (int i = 0; i < n; i++) {
                    int p = i ^ j;
                    if (p > i) {
                        float x = a[i], y = a[p];
                        int ascending = (i & k) == 0;
                        if ((x > y) == ascending) {
                            a[i] = y;
                            a[p] = x;
                        }
                    }
                }
            }
        }
    }
}
