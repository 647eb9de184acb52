#include <stdlib.h>

double heat2d_neumann(int nx, int ny, int steps, double alpha, const double *src, double *T) {
    double *t = (double *)malloc((size_t)nx * ny * sizeof(double));
    for (int s = 0; s < steps; s++) {
        for (int i = 1; i < nx - 1; i++)
            for (int j = 1; j < ny - 1; j++) {
                int c = i * ny + j;
                t[c] = T[c] + alpha * (T[c - ny] + T[c + ny] + T[c - 1] + T[c + 1] - 4.0 * T[c]) + src[c];
            }
        for (int i = 1; i < nx - 1; i++)
            for (int j = 1; j < ny - 1; j++)
                T[i * ny + j] = t[i * ny + j];
        for (int j = 1; j < ny - 1; j++) {
            T[j] = T[ny + j];
            T[(nx - 1) * ny + j] = T[(nx - 2) * ny + j];
        }
        for (int i = 1; i < nx - 1; i++) {
            T[i * ny] = T[i * ny + 1];
            T[i * ny + ny - 1] = T[i * ny + ny - 2];
        }
    }
    free(t);
    double mx = T[0];
    for (int c = 0; c < nx * ny; c++)
        if (T[c] > mx) mx = T[c];
    return mx;
}
