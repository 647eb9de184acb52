/* Strategy: parallel for (dynamic) over feature rows of the upper triangle; each (a,b) dot product is mirrored to (b,a). */
#include <omp.h>

void gram_matrix(int m, int d, const double *X, double *G) {
    #pragma omp parallel for schedule(dynamic, 1)
    for (int a = 0; a < d; a++) {
        for (int b = a; b < d; b++) {
            double s = 0.0;
            for (int r = 0; r < m; r++)
                s += X[(long)r * d + a] * X[(long)r * d + b];
            G[a * d + b] = s;
            G[b * d + a] = s;
        }
    }
}
