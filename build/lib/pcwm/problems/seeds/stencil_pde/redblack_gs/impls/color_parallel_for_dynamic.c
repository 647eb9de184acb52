/* Strategy: each color of each sweep is its own parallel for over rows with a dynamic schedule. */
#include <omp.h>

void redblack_gs(int n, int sweeps, const double *f, double *u) {
    const double h = 1.0 / (n - 1), h2 = h * h;
    for (int s = 0; s < sweeps; s++) {
        for (int color = 0; color < 2; color++) {
            #pragma omp parallel for schedule(dynamic, 4) firstprivate(color)
            for (int i = 1; i < n - 1; i++) {
                int j0 = 1 + ((i + 1 + color) & 1);
                for (int j = j0; j < n - 1; j += 2)
                    u[i * n + j] = 0.25 * (u[(i - 1) * n + j] + u[(i + 1) * n + j] + u[i * n + j - 1] +
                                           u[i * n + j + 1] + h2 * f[i * n + j]);
            }
        }
    }
}
