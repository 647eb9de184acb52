// Strategy: a fresh parallel for region for each phase over the pair index, static schedule.
#include <omp.h>

void odd_even_sort(int n, int *a)
{
    for (int phase = 0; phase < n; phase++) {
        int start = phase % 2;
        int npairs = (n - start) / 2;
        int tmp;
        #pragma omp parallel for schedule(static) private(tmp)
        for (int p = 0; p < npairs; p++) {
            int i = start + 2 * p;
            if (a[i] > a[i + 1]) {
                tmp = a[i];
                a[i] = a[i + 1];
                a[i + 1] = tmp;
            }
        }
    }
}
