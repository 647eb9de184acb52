// Strategy: omp for over all rows (boundary inline), thread-local partial sum, one atomic add per thread.
#include <omp.h>

double laplacian5(int nx, int ny, const double *u, double *out) {
    double total = 0.0;
    #pragma omp parallel
    {
        double local = 0.0;
        #pragma omp for schedule(dynamic, 8) nowait
        for (int i = 0; i < nx; i++) {
            double *orow = out + (long)i * ny;
            if (i == 0 || i == nx - 1) {
                for (int j = 0; j < ny; j++) orow[j] = 0.0;
                continue;
            }
            const double *up = u + (long)(i - 1) * ny, *uc = u + (long)i * ny, *dn = u + (long)(i + 1) * ny;
            orow[0] = 0.0;
            orow[ny - 1] = 0.0;
            for (int j = 1; j < ny - 1; j++) {
                double v = up[j] + dn[j] + uc[j - 1] + uc[j + 1] - 4.0 * uc[j];
                orow[j] = v;
                local += v * v;
            }
        }
        #pragma omp atomic
        total += local;
    }
    return total;
}
