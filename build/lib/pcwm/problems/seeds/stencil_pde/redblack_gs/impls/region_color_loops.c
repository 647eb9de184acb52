/* Strategy: one region; per sweep an omp for over rows for red, then one for black, separated by implicit barriers. */
#include <omp.h>

void redblack_gs(int n, int sweeps, const double *f, double *u) {
    double h = 1.0 / (n - 1), h2 = h * h;
    #pragma omp parallel
    {
        for (int s = 0; s < sweeps; s++) {
            #pragma omp for schedule(static)
            for (int i = 1; i < n - 1; i++) {
                for (int j = 1 + ((i + 1) & 1); j < n - 1; j += 2)
                    u[i * n + j] = 0.25 * (u[(i - 1) * n + j] + u[(i + 1) * n + j] + u[i * n + j - 1] +
                                           u[i * n + j + 1] + h2 * f[i * n + j]);
            }
            #pragma omp for schedule(static)
            for (int i = 1; i < n - 1; i++) {
                for (int j = 1 + (i & 1); j < n - 1; j += 2)
                    u[i * n + j] = 0.25 * (u[(i - 1) * n + j] + u[(i + 1) * n + j] + u[i * n + j - 1] +
                                           u[i * n + j + 1] + h2 * f[i * n + j]);
            }
        }
    }
}
