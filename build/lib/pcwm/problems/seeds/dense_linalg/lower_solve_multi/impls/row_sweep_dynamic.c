/* Strategy: rows are solved in order inside one region; each row's columns are an omp for whose barrier publishes the row. */
#include <omp.h>

void lower_solve_multi(int n, int m, const double *L, double *B) {
    #pragma omp parallel
    {
        for (int i = 0; i < n; i++) {
            #pragma omp for schedule(dynamic, 4)
            for (int c = 0; c < m; c++) {
                double s = B[(long)i * m + c];
                for (int k = 0; k < i; k++)
                    s -= L[(long)i * n + k] * B[(long)k * m + c];
                B[(long)i * m + c] = s / L[(long)i * n + i];
            }
        }
    }
}
