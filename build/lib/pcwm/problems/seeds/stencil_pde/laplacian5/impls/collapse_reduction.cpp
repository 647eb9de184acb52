// Strategy: boundary zeroed by one parallel for; interior via parallel for collapse(2) with reduction(+:s).
#include <omp.h>

double laplacian5(int nx, int ny, const double *u, double *out) {
    #pragma omp parallel for schedule(static)
    for (int i = 0; i < nx; i++) {
        if (i == 0 || i == nx - 1) {
            for (int j = 0; j < ny; j++) out[i * ny + j] = 0.0;
        } else {
            out[i * ny] = 0.0;
            out[i * ny + ny - 1] = 0.0;
        }
    }
    double s = 0.0;
    #pragma omp parallel for collapse(2) schedule(static) reduction(+:s)
    for (int i = 1; i < nx - 1; i++)
        for (int j = 1; j < ny - 1; j++) {
            double v = u[(i - 1) * ny + j] + u[(i + 1) * ny + j] + u[i * ny + j - 1] + u[i * ny + j + 1] - 4.0 * u[i * ny + j];
            out[i * ny + j] = v;
            s += v * v;
        }
    return s;
}
