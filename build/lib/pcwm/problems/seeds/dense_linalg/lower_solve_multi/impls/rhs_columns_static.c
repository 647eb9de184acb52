/* Strategy: columns are independent systems; parallel for over columns, each doing the whole forward substitution. */
#include <omp.h>

void lower_solve_multi(int n, int m, const double *L, double *B) {
    #pragma omp parallel for schedule(static)
    for (int c = 0; c < m; c++) {
        for (int i = 0; i < n; i++) {
            double s = B[(long)i * m + c];
            for (int k = 0; k < i; k++)
                s -= L[(long)i * n + k] * B[(long)k * m + c];
            B[(long)i * m + c] = s / L[(long)i * n + i];
        }
    }
}
