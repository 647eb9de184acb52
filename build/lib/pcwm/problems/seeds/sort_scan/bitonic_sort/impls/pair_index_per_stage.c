// Strategy: parallel for per stage over n/2 pair numbers, pair indices derived by inserting a zero bit at position j.
#include <omp.h>

void bitonic_sort(int n, float *a)
{
    int half = n / 2;
    for (int k = 2; k <= n; k <<= 1) {
        for (int j = k >> 1; j > 0; j >>= 1) {
            #pragma omp parallel for schedule(static)
            for (int q = 0; q < half; q++) {
                int i = ((q & ~(j - 1)) << 1) | (q & (j - 1));
                int p = i | j;
                int ascending = (i & k) == 0;
                if ((a[i] > a[p]) == ascending) {
                    float t = a[i];
                    a[i] = a[p];
                    a[p] = t;
                }
            }
        }
    }
}
