/* Strategy: parallel for over samples with an OpenMP array-section reduction on the whole Gram matrix. */
#include <omp.h>

void gram_matrix(int m, int d, const double *X, double *G) {
    for (int e = 0; e < d * d; e++)
        G[e] = 0.0;
    #pragma omp parallel for schedule(static) reduction(+:G[0:d*d])
    for (int r = 0; r < m; r++) {
        const double *xr = X + (long)r * d;
        for (int a = 0; a < d; a++) {
            double xa = xr[a];
            for (int b = 0; b < d; b++)
                G[a * d + b] += xa * xr[b];
        }
    }
}
