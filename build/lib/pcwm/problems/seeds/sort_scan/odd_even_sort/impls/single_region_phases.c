// Strategy: one parallel region holds all phases; each phase is an omp for and its implicit barrier orders phases.
#include <omp.h>

void odd_even_sort(int n, int *a)
{
    #pragma omp parallel
    {
        for (int phase = 0; phase < n; phase++) {
            int start = phase & 1;
            #pragma omp for schedule(static)
            for (int i = start; i < n - 1; i += 2) {
                int x = a[i], y = a[i + 1];
                if (x > y) {
                    a[i] = y;
                    a[i + 1] = x;
                }
            }
        }
    }
}
