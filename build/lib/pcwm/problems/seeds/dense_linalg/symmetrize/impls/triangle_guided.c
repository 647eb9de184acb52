/* Strategy: parallel for over upper-triangle rows (guided schedule balances the shrinking rows); each pair has one owner. */
#include <omp.h>

void symmetrize(int n, double *A) {
    #pragma omp parallel for schedule(guided)
    for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
            double s = 0.5 * (A[(long)i * n + j] + A[(long)j * n + i]);
            A[(long)i * n + j] = s;
            A[(long)j * n + i] = s;
        }
    }
}
