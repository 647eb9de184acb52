// Strategy: even+odd phase pair per region, swap flag combined with reduction(|), loop until a pass makes no swap.
#include <omp.h>

void odd_even_sort(int n, int *a)
{
    int changed;
    do {
        changed = 0;
        #pragma omp parallel
        {
            #pragma omp for schedule(static) reduction(| : changed)
            for (int i = 0; i < n - 1; i += 2) {
                if (a[i] > a[i + 1]) {
                    int t = a[i];
                    a[i] = a[i + 1];
                    a[i + 1] = t;
                    changed |= 1;
                }
            }
            #pragma omp for schedule(static) reduction(| : changed)
            for (int i = 1; i < n - 1; i += 2) {
                if (a[i] > a[i + 1]) {
                    int t = a[i];
                    a[i] = a[i + 1];
                    a[i + 1] = t;
                    changed |= 1;
                }
            }
        }
    } while (changed);
}
