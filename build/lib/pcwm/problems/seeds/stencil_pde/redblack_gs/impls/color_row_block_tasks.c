/* Strategy: single producer; per color one task per block of rows, taskwait before switching color. */
#include <omp.h>

#define RB_ROWS 8

void redblack_gs(int n, int sweeps, const double *f, double *u) {
    const double h = 1.0 / (n - 1), h2 = h * h;
    #pragma omp parallel
    #pragma omp single
    {
        for (int s = 0; s < sweeps; s++) {
            for (int color = 0; color < 2; color++) {
                for (int i0 = 1; i0 < n - 1; i0 += RB_ROWS) {
                    #pragma omp task firstprivate(i0, color)
                    {
                        int i1 = i0 + RB_ROWS < n - 1 ? i0 + RB_ROWS : n - 1;
                        for (int i = i0; i < i1; i++)
                            for (int j = 1 + ((i + 1 + color) & 1); j < n - 1; j += 2)
                                u[i * n + j] = 0.25 * (u[(i - 1) * n + j] + u[(i + 1) * n + j] + u[i * n + j - 1] +
                                                       u[i * n + j + 1] + h2 * f[i * n + j]);
                    }
                }
                #pragma omp taskwait
            }
        }
    }
}
