/* Strategy: taskloop over column blocks; each task forward-substitutes its block of right-hand sides. */
#include <omp.h>

#define LS_CB 4

void lower_solve_multi(int n, int m, const double *L, double *B) {
    int nb = (m + LS_CB - 1) / LS_CB;
    #pragma omp parallel
    #pragma omp single
    {
        #pragma omp taskloop grainsize(1)
        for (int b = 0; b < nb; b++) {
            int c0 = b * LS_CB, c1 = c0 + LS_CB < m ? c0 + LS_CB : m;
            for (int i = 0; i < n; i++) {
                double inv = 1.0 / L[(long)i * n + i];
                for (int c = c0; c < c1; c++) {
                    double s = B[(long)i * m + c];
                    for (int k = 0; k < i; k++)
                        s -= L[(long)i * n + k] * B[(long)k * m + c];
                    B[(long)i * m + c] = s * inv;
                }
            }
        }
    }
}
